import PgBoss from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type { Database, SqlClient } from '../db/database.ts';
import { inTransaction, txSql } from '../db/tenant.ts';
import { createJobRunner, type FetchedJob } from './job-runner.ts';
import { grantJobSending } from './runtime-grants.ts';

export { JobNotOwned } from './job-runner.ts';

/**
 * The job queue the rest of the code sees. pg-boss 10 sits behind it; nothing outside this file
 * imports pg-boss, so the engine can be swapped (pg-boss 11 needs Node 22, graphile-worker...).
 *
 * Jobs are rows: a job sent inside a transaction is inserted by that transaction, so it exists if
 * and only if the transaction commits. Delivery is at least once: a handler may run again after a
 * crash or a timeout, so it must make its effect idempotent (`job.idempotencyKey` is stable across
 * retries). Long work holds a lease instead of a long expiry (`QueueOptions.lease`).
 */
export type SendOptions = {
  /**
   * Deduplication key, as the queue's policy reads it: 'short' keeps one queued job per key,
   * 'singleton' one running, 'stately' one per state; a deduplicated send returns null. The
   * 'standard' policy ignores it unless paired with throttling.
   */
  singletonKey?: string;
  /** When the job may start: a Date, or a delay in seconds. */
  startAfter?: Date | number;
  /** Retries after the first try (pg-boss default 2). */
  retryLimit?: number;
  /** Seconds before the first retry. */
  retryDelay?: number;
  /** Doubles the delay at each retry (with jitter, as pg-boss computes it). */
  retryBackoff?: boolean;
  /**
   * A running job older than this is failed by the supervisor and retried: the crash detector of a
   * queue without a lease. Not for a leased queue, whose jobs expire one lease after their last renewal.
   */
  expireInSeconds?: number;
  priority?: number;
  /** A job id chosen by the caller (UUID), e.g. to find the job later. */
  id?: string;
};

/**
 * A running job's claim on its work, renewed by the worker every third of it while the handler
 * runs: a job whose process died is failed (and retried, elsewhere or after a restart) one lease
 * after its last renewal plus at most two supervisor rounds, however long the work takes; a job
 * that is merely slow keeps its lease as long as its process lives.
 */
export type LeaseOptions = { seconds: number };

/** Defaults per queue, applied to every job sent to it unless the send overrides them. */
export type QueueOptions = Pick<
  SendOptions,
  'retryLimit' | 'retryDelay' | 'retryBackoff' | 'expireInSeconds'
> & {
  /** pg-boss policy: 'standard' (default), 'short', 'singleton' or 'stately'. */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
  /** For long work: a short lease renewed while the handler runs, instead of `expireInSeconds`. */
  lease?: LeaseOptions;
};

export type Job<T> = {
  id: string;
  name: string;
  data: T;
  /** 1 on the first try, 2 on the first retry... */
  attempt: number;
  /** Stable across retries of this job: key external effects on it. */
  idempotencyKey: string;
  /**
   * Aborted (with a JobNotOwned) once this try no longer owns the job: its lease was lost to
   * another try, it ran past its expiry, or the worker is stopping. Stop before the next checkpoint.
   */
  signal: AbortSignal;
  /**
   * Inside the transaction that commits a checkpoint, after locking the work's own row: throws
   * JobNotOwned unless this try still owns the job. A try that took the job over reads that row
   * after locking it too, so at most one try's checkpoints commit from then on.
   */
  assertOwner(): Promise<void>;
};

/** What resumable work needs of its job to stop when another try took it over (see Job). */
export type JobOwner = Pick<Job<unknown>, 'signal' | 'assertOwner'>;

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export type WorkOptions = {
  /** How many jobs of this queue this process runs at once (one pg-boss poller each). */
  concurrency?: number;
  /** Polling interval of this queue, seconds (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
};

export type JobQueue = {
  /** Installs or migrates pg-boss's schema (`pgboss`), creates declared queues, starts supervision. */
  start(): Promise<void>;
  /** Creates the queue if missing; `send` and `work` call it for you. */
  defineQueue(name: string, options?: QueueOptions): Promise<void>;
  /**
   * Enqueues a job. Inside withTenant()/withSystem() the insert joins the open transaction;
   * outside one it commits at once. Returns the job id, or null when a singletonKey deduplicated it.
   */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Runs `handler` for jobs of `name` in this process; a thrown error fails the try (retried per options). */
  work<T>(name: string, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /** Stops fetching, waits for running jobs up to `timeoutMs`, then fails what is left (so it is retried). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  /** The job's state as pg-boss stores it, for tests and the admin screen. */
  getJob(name: string, id: string): Promise<{ state: string; retryCount: number; output: unknown } | null>;
};

export type JobQueueOptions = {
  database: Database;
  /** Default polling interval of workers, seconds (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
  /**
   * Runs pg-boss's supervisor (expires jobs whose worker died, archives, deletes). Every worker
   * process should; an API-only process that just sends may turn it off.
   */
  supervise?: boolean;
  /**
   * Seconds between supervisor runs (10 by default); it is also how soon a crashed job is noticed
   * after it expires. Each process tries every interval and one run per interval happens overall,
   * so a job is failed at most two intervals after its deadline.
   */
  maintenanceIntervalSeconds?: number;
  /** Default expiry of a running job when neither the queue nor the send says otherwise. */
  expireInSeconds?: number;
  onError?: (error: Error) => void;
};

type Executor = {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount?: number }>;
};

/**
 * pg-boss over the embedded database. PGlite's extended protocol takes one statement, and pg-boss
 * sends multi-statement scripts (schema install, the supervisor's locked BEGIN...COMMIT blocks)
 * without parameters, so those go through `exec`.
 */
export function pgliteExecutor(pglite: PGlite): Executor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const result = await pglite.query(text, values);
        return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
      }
      try {
        const results = await pglite.exec(text);
        const last = results.at(-1);
        return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 };
      } catch (error) {
        // A failed script that opened a transaction would leave the only connection aborted.
        if (/\bBEGIN\b/i.test(text)) await pglite.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
  };
}

/** pg-boss over our pool: it shares the pool's size limit instead of opening a second pool. */
export function sqlClientExecutor(client: SqlClient): Executor {
  return {
    async executeSql(text, values) {
      const result = await client.query(text, values ?? []);
      // A multi-statement script comes back without rows; pg-boss reads none from those.
      return { rows: result.rows ?? [], rowCount: result.affectedRows };
    },
  };
}

function toPgBossSend(options: SendOptions): PgBoss.SendOptions {
  const { startAfter, ...rest } = options;
  return { ...rest, ...(startAfter !== undefined ? { startAfter } : {}) };
}

/** A leased queue's pg-boss settings: its jobs start with an `expire_in` of one lease. */
function toPgBossQueue(name: string, options: QueueOptions): Omit<QueueOptions, 'lease'> {
  const { lease, ...rest } = options;
  if (!lease) return rest;
  if (rest.expireInSeconds !== undefined)
    throw new Error(`Queue ${name} holds a lease: its jobs expire one lease after their last renewal`);
  if (!(lease.seconds >= 1)) throw new Error(`Queue ${name}: a lease is at least 1 second`);
  return { ...rest, expireInSeconds: lease.seconds };
}

/** pg-boss's own defaults, for what a queue definition leaves out. */
const PG_BOSS_RETRY_DEFAULTS = { retryLimit: 2, retryDelay: 0, retryBackoff: false };

/**
 * A job's settings: the queue's as this code defines them, then the send's. pg-boss would fill
 * what a send leaves out from the queue's row, which keeps the settings of the release that
 * created the queue (an import queue created with a 2-hour expiry would keep it). A leased
 * queue's expiry is always its lease.
 */
function jobOptions(name: string, queue: QueueOptions, send: SendOptions): SendOptions {
  const { policy: _policy, ...defaults } = toPgBossQueue(name, queue);
  if (queue.lease && send.expireInSeconds !== undefined)
    throw new Error(`Queue ${name} holds a lease: a send cannot set expireInSeconds`);
  return {
    ...PG_BOSS_RETRY_DEFAULTS,
    ...defaults,
    ...send,
    ...(queue.lease ? { expireInSeconds: queue.lease.seconds } : {}),
  };
}

/** Held while a process installs pg-boss, grants job sending and creates its queues (see start). */
const QUEUE_SETUP_LOCK = 727384003;

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { database } = options;
  const executor = database.pglite ? pgliteExecutor(database.pglite) : sqlClientExecutor(database.raw);
  const boss = new PgBoss({
    db: executor as PgBoss.Db,
    supervise: options.supervise ?? true,
    // Cron scheduling polls its own queues; nothing uses it yet, and on PGlite every poll counts.
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 10,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
    expireInSeconds: options.expireInSeconds ?? 15 * 60,
  });
  const onError = options.onError ?? ((error: Error) => console.error('job queue error', error));
  // pg-boss is an EventEmitter: an 'error' without a listener would crash the process.
  boss.on('error', onError);

  const declared = new Map<string, QueueOptions>();
  const created = new Set<string>();
  let started = false;

  async function createQueue(name: string, queueOptions: QueueOptions): Promise<void> {
    await boss.createQueue(name, { name, ...toPgBossQueue(name, queueOptions) });
    created.add(name);
  }

  const runner = createJobRunner({
    database,
    onError,
    async fetch(name) {
      const [job] = await boss.fetch(name, { batchSize: 1, includeMetadata: true });
      return job as FetchedJob | undefined;
    },
    async fail(name, id, error, db) {
      await boss.fail(name, id, error, { db: sqlClientExecutor(db) as PgBoss.Db });
    },
  });

  const queue: JobQueue = {
    async start() {
      if (started) return;
      // Processes starting together (two API processes, two workers) would otherwise race to
      // install pg-boss's schema and deadlock in pgboss.create_queue: one at a time.
      await options.database.withConnection(async (raw) => {
        await raw.query('select pg_advisory_lock($1)', [QUEUE_SETUP_LOCK]);
        try {
          await boss.start();
          await grantJobSending(options.database.raw);
          for (const [name, queueOptions] of declared) {
            if (!created.has(name)) await createQueue(name, queueOptions);
          }
        } finally {
          await raw.query('select pg_advisory_unlock($1)', [QUEUE_SETUP_LOCK]);
        }
      });
      started = true;
    },

    async defineQueue(name, queueOptions = {}) {
      toPgBossQueue(name, queueOptions); // refuses a lease beside an expiry now, not at the first send
      declared.set(name, queueOptions);
      if (!started || created.has(name)) return;
      if (inTransaction()) {
        // The global handle deadlocks inside a PGlite transaction; create it in the transaction,
        // and do not cache it, since that transaction may still roll back.
        await txSql().query('SELECT pgboss.create_queue($1, $2)', [
          name,
          { policy: 'standard', ...toPgBossQueue(name, queueOptions) },
        ]);
        return;
      }
      await createQueue(name, queueOptions);
    },

    async send(name, data, sendOptions = {}) {
      if (!started) throw new Error(`Job queue not started: cannot send ${name}`);
      if (!created.has(name)) await queue.defineQueue(name, declared.get(name) ?? {});
      const pgOptions = toPgBossSend(jobOptions(name, declared.get(name) ?? {}, sendOptions));
      if (inTransaction()) {
        // Captured now: the AsyncLocalStorage context is the caller's transaction.
        const client = txSql();
        return boss.send(name, data, { ...pgOptions, db: sqlClientExecutor(client) as PgBoss.Db });
      }
      return boss.send(name, data, pgOptions);
    },

    async work<T>(name: string, handler: JobHandler<T>, workOptions: WorkOptions = {}) {
      if (!started) throw new Error(`Job queue not started: cannot work ${name}`);
      const queueOptions = declared.get(name) ?? {};
      await queue.defineQueue(name, queueOptions);
      const pollers = Math.max(1, workOptions.concurrency ?? 1);
      const intervalSeconds = Math.max(
        0.5,
        workOptions.pollingIntervalSeconds ?? options.pollingIntervalSeconds ?? 1,
      );
      for (let i = 0; i < pollers; i += 1) {
        runner.poll(name, handler as JobHandler<unknown>, {
          lease: queueOptions.lease,
          intervalMs: intervalSeconds * 1000,
        });
      }
    },

    async stop(stopOptions = {}) {
      if (!started) return;
      started = false;
      await runner.stop(Math.max(1_000, stopOptions.timeoutMs ?? 30_000));
      // Nothing of pg-boss's runs jobs here; this stops its supervisor.
      await boss.stop({ graceful: false, close: false });
    },

    async getJob(name, id) {
      const job = await boss.getJobById(name, id, { includeArchive: true });
      if (!job) return null;
      return { state: job.state, retryCount: job.retryCount, output: job.output };
    },
  };
  return queue;
}

let bound: JobQueue | undefined;

/** Called at start-up with the process's started queue, so module code can enqueue without wiring. */
export function bindJobQueue(queue: JobQueue | undefined): void {
  bound = queue;
}

export function boundJobQueue(): JobQueue {
  if (!bound) throw new Error('No job queue bound: call bindJobQueue() at start-up');
  return bound;
}

/** Enqueues on the process's queue; inside a transaction the job commits or rolls back with it. */
export function sendJob<T extends object>(
  name: string,
  data: T,
  options?: SendOptions,
): Promise<string | null> {
  return boundJobQueue().send(name, data, options);
}
