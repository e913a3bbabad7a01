import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Database, openPglite } from '../../platform/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import {
  type ChildMessage,
  type ChildWorker,
  killChildWorkers,
  startChildWorker,
} from '../../../test/jobs/child-worker.ts';

/**
 * A crashed import resumes within a minute: a worker process running a real import is SIGKILLed
 * after some batches committed; a restarted process takes the job over once its lease lapses and
 * finishes the import from its committed progress, every row written once. On PostgreSQL the
 * processes share a database; on PGlite each owns the data folder in turn.
 */
const FIXTURE = fileURLToPath(new URL('../../../test/jobs/import-crash-worker.ts', import.meta.url));
const ROWS = 5_000;
/** Committed rows before the kill: two batches of the job's 1,000. */
const KILL_AFTER = 2_000;

let pgDatabase: TestDatabase | undefined;
let dataDir: string | undefined;
const children: ChildWorker[] = [];

before(async () => {
  if (process.env.TEST_DATABASE_URL) pgDatabase = await createTestDatabase();
  else dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-import-crash-'));
});

after(async () => {
  killChildWorkers(children);
  await pgDatabase?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function startChild(env: Record<string, string>): ChildWorker {
  const target: Record<string, string> = pgDatabase
    ? { CRASH_DATABASE_URL: pgDatabase.url! }
    : { CRASH_DATA_DIR: dataDir! };
  const child = startChildWorker(FIXTURE, { ...target, ...env });
  children.push(child);
  return child;
}

const processed = (m: ChildMessage) => m.processed as number;

test(
  'an import whose worker is killed mid-file is finished by a restarted worker within a minute, each row written once',
  { timeout: 180_000 },
  async (t) => {
    // Each batch's commit takes half a second longer, so the kill lands between two commits.
    const first = startChild({ IMPORT_CRASH_ROWS: String(ROWS), IMPORT_CRASH_COMMIT_DELAY_MS: '500' });
    const started = await first.next('uploaded', { timeoutMs: 90_000 });
    const importId = started.importId as string;
    const subAccountId = started.subAccountId as string;
    await first.next('progress', { timeoutMs: 60_000, accept: (m) => processed(m) >= KILL_AFTER });
    first.process.kill('SIGKILL');
    await first.exited;
    assert.equal(first.process.signalCode, 'SIGKILL');

    const restartedAt = Date.now();
    const second = startChild({ IMPORT_CRASH_IMPORT_ID: importId });
    // What the dead process committed: the restarted one resumes from there.
    const resumedFrom = processed(await second.next('progress', { timeoutMs: 60_000 }));
    assert.ok(resumedFrom >= KILL_AFTER && resumedFrom < ROWS, `killed mid-import, at ${resumedFrom} rows`);
    const finished = await second.next('finished', { timeoutMs: 90_000 });
    const tookMs = Date.now() - restartedAt;
    assert.equal(finished.status, 'completed');
    assert.ok(tookMs < 60_000, `finished ${tookMs} ms after the restart`);
    t.diagnostic(`resumed from row ${resumedFrom}, finished ${tookMs} ms after the restart`);
    second.process.kill('SIGTERM');
    assert.equal(await second.exited, 0);

    const db: Database = pgDatabase ?? (await openPglite({ dataDir: dataDir! }));
    try {
      const one = async <T>(text: string, params: unknown[]) =>
        (await db.raw.query<T>(text, params)).rows[0]!;
      assert.deepEqual(
        await one(
          `select count(*)::int as contacts, count(distinct lower(email::text))::int as emails
             from contacts where sub_account_id = $1`,
          [subAccountId],
        ),
        { contacts: ROWS, emails: ROWS },
      );
      assert.deepEqual(
        await one(
          `select status, total_rows, processed_rows, created_count, updated_count, skipped_count, error_count
             from contact_imports where id = $1`,
          [importId],
        ),
        {
          status: 'completed',
          total_rows: ROWS,
          processed_rows: ROWS,
          created_count: ROWS,
          updated_count: 0,
          // A resumed run that re-read committed rows would skip them as duplicates.
          skipped_count: 0,
          error_count: 0,
        },
      );
      // One contacts.imported per committed batch: none for the batch the kill rolled back.
      assert.deepEqual(
        await one(
          `select count(*)::int as events, coalesce(sum(jsonb_array_length(payload->'createdIds')), 0)::int as created
             from outbox where event_type = 'contacts.imported' and payload->>'importId' = $1`,
          [importId],
        ),
        { events: ROWS / 1_000, created: ROWS },
      );
      // Two tries: the killed one, and the restarted process's, which completed the job.
      assert.deepEqual(
        await one(
          `select state::text, retry_count from pgboss.job
            where name = 'contact_imports.run' and data->>'importId' = $1`,
          [importId],
        ),
        { state: 'completed', retry_count: 1 },
      );
    } finally {
      if (!pgDatabase) await db.close();
    }
  },
);
