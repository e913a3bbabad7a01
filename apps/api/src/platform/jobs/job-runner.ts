import { setTimeout as sleep } from 'node:timers/promises';
import type { Database, SqlClient } from '../db/database.ts';
import { txSql } from '../db/tenant.ts';
import type { Job, JobHandler, LeaseOptions } from './job-queue.ts';

/**
 * Runs the jobs this process works on: a poll loop per worker slot, and per job either a lease it
 * renews while the handler runs or, without one, pg-boss's expiry as a local timeout. It replaces
 * pg-boss's own worker, whose timeout is the job's `expire_in` read at fetch: with a short lease
 * that timeout would fail every long handler that is alive, so the loop is ours and pg-boss only
 * fetches, fails and supervises.
 */

/** A job as pg-boss's fetch returns it, with the metadata the runner reads. */
export type FetchedJob = {
  id: string;
  name: string;
  data: unknown;
  retryCount: number;
  /** `expire_in` at fetch: the local timeout of a job without a lease. */
  expireInSeconds: number | string;
};

export type RunnerEngine = {
  database: Database;
  fetch(name: string): Promise<FetchedJob | undefined>;
  /** pg-boss's fail (a retry or a final failure, per the job's policy), on the given connection. */
  fail(name: string, id: string, error: Error, db: SqlClient): Promise<void>;
  onError(error: Error): void;
};

/**
 * This try no longer owns its job: its lease lapsed and the supervisor handed the job to another
 * try, it ran past its expiry, or the worker stopped before it finished. The reason of `job.signal`
 * and the error `job.assertOwner()` throws.
 */
export class JobNotOwned extends Error {
  override name = 'JobNotOwned';
}

/**
 * A try owns its job while the job's row is active with the try's retry count: a failure (by the
 * supervisor, or by stop) moves the row to retry or failed, and the next fetch counts one more
 * retry, so a stale try never matches again. Parameters: queue name, job id, retry count.
 */
const OWNED = `name = $1 and id = $2 and state = 'active' and retry_count = $3`;
/**
 * The supervisor fails an active job once `started_on + expire_in` is past, and a leased job's
 * `expire_in` is its lease: renewing moves `started_on` to now, so the deadline is always one lease
 * after the last renewal, and a retry inherits a lease-long `expire_in`.
 */
const RENEW = `update pgboss.job set started_on = now() where ${OWNED}`;
/** pg-boss's completeJobs, for the owning try only: a stale try must not complete its successor. */
const COMPLETE = `update pgboss.job set state = 'completed', completed_on = now(), output = null where ${OWNED}`;
const LOCK_OWNED = `select 1 from pgboss.job where ${OWNED} for update`;
const IS_OWNED = `select 1 from pgboss.job where ${OWNED}`;

type Owner = [name: string, id: string, retryCount: number];

type Running = {
  /** Tells the handler to stop and fails the try so it is retried (shutdown). */
  abandon(message: string): Promise<void>;
};

type PollOptions = { lease: LeaseOptions | undefined; intervalMs: number };

type Lease = { stop(): void; renewIfDue(): void };

const NO_LEASE: Lease = { stop: () => undefined, renewIfDue: () => undefined };

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

export function createJobRunner(engine: RunnerEngine) {
  const { database } = engine;
  const stopping = new AbortController();
  const loops: Promise<void>[] = [];
  const running = new Set<Running>();

  /** Fails the try through pg-boss if it still owns the job; the row lock keeps the supervisor out meanwhile. */
  async function failOwned(owner: Owner, error: Error): Promise<void> {
    await database.transaction('', async (_tx, raw) => {
      const { rows } = await raw.query(LOCK_OWNED, owner);
      if (rows.length === 1) await engine.fail(owner[0], owner[1], error, raw);
    });
  }

  /**
   * Renews the lease every third of it, and at a checkpoint when a renewal is due: on PGlite a
   * handler's queries run synchronously one after another, so timers may not fire until it ends,
   * while a query it queues runs right after its transaction. A renewal that finds the job no
   * longer this try's tells the handler; one that fails (the database unreachable) is reported
   * and tried again, and the checkpoint's own check decides whether the try may go on.
   */
  function keepLease(owner: Owner, lease: LeaseOptions, lose: (message: string) => void): Lease {
    const everyMs = (lease.seconds * 1000) / 3;
    let renewedAt = Date.now();
    let renewing = false;
    let stopped = false;
    const renew = () => {
      if (renewing || stopped) return;
      renewing = true;
      const sentAt = Date.now();
      database.raw
        .query(RENEW, owner)
        .then(
          ({ affectedRows }) => {
            if (stopped) return;
            if (affectedRows === 1) renewedAt = sentAt;
            else {
              stop();
              lose('its lease lapsed and the job went to another try');
            }
          },
          (error: unknown) => engine.onError(asError(error)),
        )
        .finally(() => {
          renewing = false;
        });
    };
    const timer = setInterval(renew, everyMs);
    const stop = () => {
      stopped = true;
      clearInterval(timer);
    };
    return {
      stop,
      renewIfDue() {
        if (Date.now() - renewedAt >= everyMs) renew();
      },
    };
  }

  async function runJob(fetched: FetchedJob, handler: JobHandler<unknown>, lease: LeaseOptions | undefined) {
    const owner: Owner = [fetched.name, fetched.id, fetched.retryCount];
    const attempt = fetched.retryCount + 1;
    const controller = new AbortController();
    let lost = false;
    /** From here on the try's outcome is not recorded: the job is another try's, or failed already. */
    const lose = (message: string) => {
      if (lost) return;
      lost = true;
      controller.abort(new JobNotOwned(`${fetched.name} ${fetched.id}, attempt ${attempt}: ${message}`));
    };
    const job: Job<unknown> = {
      id: fetched.id,
      name: fetched.name,
      data: fetched.data,
      attempt,
      idempotencyKey: `${fetched.name}:${fetched.id}`,
      signal: controller.signal,
      async assertOwner() {
        controller.signal.throwIfAborted();
        const { rows } = await txSql().query(IS_OWNED, owner);
        if (rows.length === 0) lose('the job went to another try');
        controller.signal.throwIfAborted();
        held.renewIfDue();
      },
    };
    const held = lease ? keepLease(owner, lease, lose) : NO_LEASE;
    const entry: Running = {
      async abandon(message) {
        lose(message);
        held.stop();
        await failOwned(owner, new Error(message));
      },
    };
    running.add(entry);
    // Without a lease the job's expiry bounds the handler, as in pg-boss: past it the try is
    // failed (and retried) while the handler, told through the signal, winds down on its own.
    const expiryMs = Math.max(1, Number(fetched.expireInSeconds)) * 1000;
    let expiry: NodeJS.Timeout | undefined;
    const expired = lease
      ? undefined
      : new Promise<'expired'>((resolve) => (expiry = setTimeout(() => resolve('expired'), expiryMs)));
    try {
      const outcome = Promise.resolve()
        .then(() => handler(job))
        .then(
          () => undefined,
          (error: unknown) => asError(error),
        );
      const result = await (expired ? Promise.race([outcome, expired]) : outcome);
      held.stop();
      if (lost) return;
      if (result === 'expired') {
        lose(`it ran longer than its expiry of ${expiryMs / 1000} s`);
        await failOwned(owner, new Error(`handler execution exceeded ${expiryMs}ms`));
      } else if (result) {
        await failOwned(owner, result);
      } else {
        await database.raw.query(COMPLETE, owner);
      }
    } catch (error) {
      engine.onError(asError(error));
    } finally {
      held.stop();
      clearTimeout(expiry);
      running.delete(entry);
    }
  }

  return {
    /** Starts one worker slot on `name`: fetch, run, repeat; idle slots poll every `intervalMs`. */
    poll(name: string, handler: JobHandler<unknown>, options: PollOptions): void {
      const loop = (async () => {
        while (!stopping.signal.aborted) {
          let job: FetchedJob | undefined;
          try {
            job = await engine.fetch(name);
          } catch (error) {
            engine.onError(asError(error));
          }
          if (job) await runJob(job, handler, options.lease);
          else await sleep(options.intervalMs, undefined, { signal: stopping.signal }).catch(() => undefined);
        }
      })();
      loops.push(loop);
    },

    /** Stops fetching and waits for running jobs up to `timeoutMs`; what is left is failed, so it is retried. */
    async stop(timeoutMs: number): Promise<void> {
      stopping.abort();
      const drained = await Promise.race([
        Promise.all(loops).then(() => true),
        sleep(timeoutMs, false, { ref: false }),
      ]);
      if (drained) return;
      await Promise.all(
        [...running].map((r) =>
          r.abandon('the worker stopped before the job finished').catch((error: unknown) => {
            engine.onError(asError(error));
          }),
        ),
      );
    },
  };
}
