/**
 * A worker process for the import crash test (modules/contact-imports/contact-import.crash.test.ts):
 * the product's import job (`runImportJob`, its lease and retry policy) on the worker's default
 * settings, reporting the import's progress to the test in JSON lines on stdout. Progress comes
 * from a trigger's NOTIFY, delivered when a batch commits: on PGlite the import's queries run one
 * after another without letting a timer fire, so polling would see nothing until the end.
 *
 * env: CRASH_DATABASE_URL (PostgreSQL) or CRASH_DATA_DIR (PGlite folder this process owns);
 *      IMPORT_CRASH_ROWS: create a sub-account, upload a CSV of that many rows and start its import
 *      (the first process), or IMPORT_CRASH_IMPORT_ID: the import to watch (the restarted one);
 *      IMPORT_CRASH_COMMIT_DELAY_MS: each batch's progress update sleeps this long, in a trigger,
 *      so the test can kill the process between two batches' commits; the import code is untouched.
 */
import { Readable } from 'node:stream';
import pg from 'pg';
import { asSystem } from '../../src/platform/access/access.ts';
import { type Database, openPglite, openPostgres } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { bindDatabase, txSql, withSystem } from '../../src/platform/db/tenant.ts';
import { createEventCatalogue } from '../../src/platform/events/catalogue.ts';
import { createSubscriberRegistry } from '../../src/platform/events/subscribers.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import { startWorker } from '../../src/platform/jobs/worker.ts';
import { contactImportEvents } from '../../src/modules/contact-imports/index.ts';
import { runImportJob } from '../../src/modules/contact-imports/contact-import.tasks.ts';
import {
  startImport,
  updateImport,
  uploadImport,
} from '../../src/modules/contact-imports/contact-import.service.ts';

const say = (message: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...message })}\n`);

const url = process.env.CRASH_DATABASE_URL;
const dataDir = process.env.CRASH_DATA_DIR;
const rows = Number(process.env.IMPORT_CRASH_ROWS ?? '0');
const commitDelayMs = Number(process.env.IMPORT_CRASH_COMMIT_DELAY_MS ?? '0');

const database: Database = url
  ? await openPostgres(url, { poolSize: 4 })
  : await openPglite({ dataDir: dataDir! });
bindDatabase(database);
await migrate(database);
await database.raw.exec(
  `create or replace function crash_test_progress() returns trigger language plpgsql as $$
   begin
     perform pg_notify('crash_test_progress',
       json_build_object('importId', new.id, 'status', new.status, 'processed', new.processed_rows)::text);
     return new;
   end $$;
   drop trigger if exists crash_test_progress on contact_imports;
   create trigger crash_test_progress after update on contact_imports
     for each row execute function crash_test_progress();
   drop trigger if exists crash_test_slow_progress on contact_imports;` +
    (commitDelayMs > 0
      ? `create or replace function crash_test_slow_progress() returns trigger language plpgsql as $$
         begin perform pg_sleep(${commitDelayMs / 1000}); return new; end $$;
         create trigger crash_test_slow_progress before update of processed_rows on contact_imports
           for each row when (new.processed_rows > old.processed_rows)
           execute function crash_test_slow_progress()`
      : ''),
);

let importId = process.env.IMPORT_CRASH_IMPORT_ID;
/** The import's progress as committed, each change once; 'finished' once it completed or failed. */
let last = '';
const report = (progress: { importId: string; status: string; processed: number }) => {
  if (progress.importId !== importId) return;
  const seen = `${progress.status}:${progress.processed}`;
  if (seen === last) return;
  last = seen;
  say({ event: 'progress', status: progress.status, processed: progress.processed });
  if (progress.status === 'completed' || progress.status === 'failed')
    say({ event: 'finished', status: progress.status });
};
let listener: pg.Client | undefined;
if (database.pglite) {
  // A batch commits without waiting for the WAL flush, and PGlite's database dies with this
  // process: progress is reported once a write that does wait made it durable.
  await database.raw.exec('create table if not exists crash_test_flush (at timestamptz)');
  await database.pglite.listen('crash_test_progress', (payload) => {
    void database.raw
      .query('insert into crash_test_flush values (now())')
      .then(() => report(JSON.parse(payload)));
  });
} else {
  const onNotify = (payload: string | undefined) => report(JSON.parse(payload ?? '{}'));
  listener = new pg.Client({ connectionString: url });
  await listener.connect();
  listener.on('notification', (n) => onNotify(n.payload));
  await listener.query('listen crash_test_progress');
}

// The product's worker, as `main.ts worker` starts it (default polling, supervision and shutdown).
const worker = await startWorker({
  database,
  dispatcher: { registry: createSubscriberRegistry(createEventCatalogue(contactImportEvents)) },
  jobs: [runImportJob],
});

if (rows > 0) {
  const agencyId = newId();
  const subAccountId = newId();
  await withSystem(async () => {
    await txSql().query(`insert into agencies (id, name) values ($1, 'Crash agency')`, [agencyId]);
    await txSql().query(`insert into sub_accounts (id, agency_id, name) values ($1, $2, 'Crash')`, [
      subAccountId,
      agencyId,
    ]);
  });
  const lines = ['First Name,Last Name,Email'];
  for (let i = 1; i <= rows; i++) lines.push(`Row,${i},row${i}@crash.example`);
  const work = {
    work: 'tests.import-crash',
    agencyId,
    subAccountId,
    permissions: ['contacts:create', 'contacts:read'] as const,
  };
  const uploaded = await asSystem(work, (ctx) =>
    uploadImport(ctx, Readable.from([Buffer.from(`${lines.join('\n')}\n`)]), 'crash.csv'),
  );
  importId = uploaded.id;
  say({ event: 'uploaded', importId, subAccountId });
  await asSystem(work, (ctx) =>
    updateImport(ctx, uploaded.id, {
      mapping: { 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email' },
      duplicatePolicy: 'skip',
    }),
  );
  // Sends contact_imports.run in its transaction, as POST .../start does.
  await asSystem(work, (ctx) => startImport(ctx, uploaded.id));
}

process.on('SIGTERM', () => {
  void (async () => {
    await worker.stop();
    await listener?.end();
    await database.close();
    say({ event: 'stopped' });
    process.exit(0);
  })();
});

// Where the import stands now (for the restarted process: what the killed one committed).
const { rows: found } = await database.raw.query<{ status: string; processed_rows: number }>(
  'select status, processed_rows from contact_imports where id = $1',
  [importId],
);
if (found[0]) report({ importId: importId!, status: found[0].status, processed: found[0].processed_rows });
