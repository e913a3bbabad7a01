import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { type Database, openPglite } from '../db/database.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { type ChildWorker, killChildWorkers, startChildWorker } from '../../../test/jobs/child-worker.ts';

/**
 * The crash test: a real worker process is SIGKILLed in the middle of a job; a second process on
 * the same database (PostgreSQL) or the same data folder (PGlite) must run the job again, and the
 * job's idempotent effect must exist exactly once. Once with a job that expires, once with one
 * that holds a lease (the first try would run for ever: only the lapsed lease frees the job).
 */
const FIXTURE = fileURLToPath(new URL('../../../test/jobs/crash-worker.ts', import.meta.url));

let pgDatabase: TestDatabase | undefined;
let dataDir: string | undefined;
const children: ChildWorker[] = [];

before(async () => {
  if (process.env.TEST_DATABASE_URL) {
    pgDatabase = await createTestDatabase();
  } else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-crash-'));
  }
});

after(async () => {
  killChildWorkers(children);
  await pgDatabase?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function startChild(env: Record<string, string>): ChildWorker {
  const child = startChildWorker(FIXTURE, env);
  children.push(child);
  return child;
}

/** Kills the first try's process, runs the job again in a second one, checks the effect exists once. */
async function crashAndRetry(name: string, settings: Record<string, string>) {
  const jobId = randomUUID();
  const target: Record<string, string> = pgDatabase
    ? { CRASH_DATABASE_URL: pgDatabase.url! }
    : { CRASH_DATA_DIR: dataDir! };

  const first = startChild({ ...target, ...settings, CRASH_SEND_JOB_ID: jobId });
  const firstTry = await first.next('effect');
  assert.equal(firstTry.attempt, 1);
  first.process.kill('SIGKILL');
  await first.exited;
  assert.equal(first.process.signalCode, 'SIGKILL');
  assert.ok(!first.messages.some((m) => m.event === 'handled'), 'the first try was cut off mid-job');

  const second = startChild({ ...target, ...settings, CRASH_WAIT_JOB_ID: jobId });
  const secondTry = await second.next('effect');
  assert.equal(secondTry.jobId, jobId);
  assert.equal(secondTry.attempt, 2);
  assert.equal(secondTry.pid, second.process.pid, 'the retry ran in the new process');
  const completed = await second.next('completed');
  assert.equal(completed.retryCount, 1);
  second.process.kill('SIGTERM');
  assert.equal(await second.exited, 0);

  // Check the database itself (on PGlite, now that no child owns the folder).
  const db: Database = pgDatabase ?? (await openPglite({ dataDir: dataDir! }));
  try {
    const effects = await db.raw.query<{ key: string; attempt: number; pid: number }>(
      'select key, attempt, pid from crash_effects where key = $1',
      [`${name}:${jobId}`],
    );
    assert.deepEqual(effects.rows, [{ key: `${name}:${jobId}`, attempt: 1, pid: first.process.pid }]);
    const attempts = await db.raw.query<{ attempt: number; pid: number }>(
      'select attempt, pid from crash_attempts where job_id = $1 order by attempt',
      [jobId],
    );
    assert.deepEqual(attempts.rows, [
      { attempt: 1, pid: first.process.pid },
      { attempt: 2, pid: second.process.pid },
    ]);
  } finally {
    if (!pgDatabase) await db.close();
  }
}

test(
  'a job whose worker is killed mid-run runs again in a new worker, and its effect exists once',
  { timeout: 180_000 },
  () => crashAndRetry('tests.crash', { CRASH_EXPIRE_SECONDS: '2' }),
);

test(
  'a leased job whose worker is killed mid-run is taken over by a new worker once its lease lapses',
  { timeout: 180_000 },
  () => crashAndRetry('tests.crash_leased', { CRASH_LEASE_SECONDS: '2' }),
);
