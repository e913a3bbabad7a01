/**
 * A worker process for the crash test (apps/api/src/platform/jobs/crash.test.ts). It runs one job
 * type whose handler writes its effect idempotently, logs the try, and on the first try blocks
 * until the test SIGKILLs the process. It speaks to the test in JSON lines on stdout.
 *
 * env: CRASH_DATABASE_URL (PostgreSQL) or CRASH_DATA_DIR (PGlite folder this process owns),
 *      CRASH_SEND_JOB_ID (send the job with this id at start), CRASH_WAIT_JOB_ID (report when
 *      it completed), and either CRASH_EXPIRE_SECONDS (the job expires) or CRASH_LEASE_SECONDS
 *      (the job holds a lease, `tests.crash_leased`).
 */
import { type Database, openPglite, openPostgres } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { bindDatabase, txSql, withSystem } from '../../src/platform/db/tenant.ts';
import type { Job } from '../../src/platform/jobs/job-queue.ts';
import { startWorker } from '../../src/platform/jobs/worker.ts';
import { createEventCatalogue } from '../../src/platform/events/catalogue.ts';
import { createSubscriberRegistry } from '../../src/platform/events/subscribers.ts';

type CrashJob = { label: string };

const say = (message: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...message })}\n`);

const url = process.env.CRASH_DATABASE_URL;
const dataDir = process.env.CRASH_DATA_DIR;
const expireInSeconds = Number(process.env.CRASH_EXPIRE_SECONDS ?? '2');
const leaseSeconds = process.env.CRASH_LEASE_SECONDS ? Number(process.env.CRASH_LEASE_SECONDS) : undefined;
const jobName = leaseSeconds ? 'tests.crash_leased' : 'tests.crash';

const database: Database = url
  ? await openPostgres(url, { poolSize: 4 })
  : await openPglite({ dataDir: dataDir! });
bindDatabase(database);
await migrate(database);
await database.raw.exec(`
  create table if not exists crash_effects (key text primary key, attempt int not null, pid int not null);
  create table if not exists crash_attempts (job_id uuid not null, attempt int not null, pid int not null)`);

const worker = await startWorker({
  database,
  jobQueue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1, expireInSeconds },
  dispatcher: { registry: createSubscriberRegistry(createEventCatalogue()), pollIntervalMs: 200 },
  shutdownTimeoutMs: 5_000,
  jobs: [
    {
      name: jobName,
      queue: leaseSeconds
        ? { retryLimit: 3, retryDelay: 0, lease: { seconds: leaseSeconds } }
        : { retryLimit: 3, retryDelay: 0, expireInSeconds },
      work: {},
      handler: (async (job: Job<CrashJob>) => {
        await withSystem(async () => {
          const sql = txSql();
          await sql.query('insert into crash_attempts (job_id, attempt, pid) values ($1, $2, $3)', [
            job.id,
            job.attempt,
            process.pid,
          ]);
          // The effect: keyed by the job's idempotency key, so a retry after a crash cannot double it.
          await sql.query(
            'insert into crash_effects (key, attempt, pid) values ($1, $2, $3) on conflict (key) do nothing',
            [job.idempotencyKey, job.attempt, process.pid],
          );
        });
        say({ event: 'effect', jobId: job.id, attempt: job.attempt });
        if (job.attempt === 1) {
          // Stand in for a long job: the test kills the process here. The interval keeps node alive.
          await new Promise(() => setInterval(() => undefined, 60_000));
        }
        say({ event: 'handled', jobId: job.id, attempt: job.attempt });
      }) as never,
    },
  ],
});

const jobId = process.env.CRASH_SEND_JOB_ID;
if (jobId) await worker.jobQueue.send(jobName, { label: 'crash me' }, { id: jobId });
say({ event: 'ready' });

process.on('SIGTERM', () => {
  void (async () => {
    await worker.stop();
    await database.close();
    say({ event: 'stopped' });
    process.exit(0);
  })();
});

// Report completion only once pg-boss has recorded it, so the test's SIGTERM cannot race it.
if (process.env.CRASH_WAIT_JOB_ID) {
  const id = process.env.CRASH_WAIT_JOB_ID;
  for (;;) {
    const job = await worker.jobQueue.getJob(jobName, id);
    if (job?.state === 'completed') {
      say({ event: 'completed', jobId: id, retryCount: job.retryCount });
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
