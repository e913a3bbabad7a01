import { setTimeout as sleep } from 'node:timers/promises';
import { txSql, withSystem } from '../db/tenant.ts';
import { EventPayloadError } from './catalogue.ts';
import type { DeliverySource, DispatchedEvent } from './subscribers.ts';

/**
 * Fans committed outbox events out to subscribers and delivers them, at least once.
 *
 * 1. dispatch: a batch of undispatched outbox rows (FOR UPDATE SKIP LOCKED, so several workers
 *    split the work) gets one `event_deliveries` row per matching subscriber and is marked
 *    dispatched, in one transaction.
 * 2. claim: due pending deliveries are leased in a short committed transaction (attempts + 1,
 *    next_attempt_at = now + lease), so a try is counted even if the process dies during it.
 * 3. deliver: each claimed delivery runs in its own transaction: the row is locked, the handler runs
 *    under a savepoint, and 'delivered' is written in the same transaction as the handler's own
 *    writes. On error the savepoint is rolled back and the failure recorded with backoff; after the
 *    last try the row is 'dead' and keeps its last error. A payload that does not parse by its
 *    event's schema is 'dead' at once: trying again would read the same row.
 *
 * A process that dies mid-delivery loses nothing: its transaction rolls back and the lease expires.
 */
export type DispatcherOptions = {
  /** The product's registry (`composition.ts`), or a test's own. */
  registry: DeliverySource;
  /** Outbox rows fanned out per transaction. */
  dispatchBatchSize?: number;
  /** Deliveries claimed per round. */
  deliveryBatchSize?: number;
  /** Tries before a delivery is 'dead' (the first try counts). */
  maxAttempts?: number;
  /** Delay after the first failure; it doubles with each further failure, up to backoffMaxMs. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How long a claimed delivery is reserved; after it, a worker that died is presumed dead. */
  leaseMs?: number;
  /** Idle wait between rounds of the poll loop. */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
};

export type RoundResult = { dispatched: number; delivered: number; failed: number };

export type Dispatcher = {
  /** One round: fan out one batch of events, then deliver one batch of due deliveries. */
  runOnce(): Promise<RoundResult>;
  /** Starts the poll loop (rounds back to back while there is work, pollIntervalMs apart when idle). */
  start(): void;
  /** Cuts the idle wait short, e.g. after this process recorded an event. */
  wake(): void;
  /** Stops the loop after the round in progress. */
  stop(): Promise<void>;
};

type Claimed = { agency_id: string; event_id: string; subscriber: string; attempts: number };

type DeliveryRow = {
  attempts: number;
  event_type: string;
  sub_account_id: string | null;
  actor_user_id: string | null;
  payload: unknown;
  created_at: Date | string;
};

export const DEFAULT_MAX_ATTEMPTS = 8;

export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  // +-20% jitter, so deliveries that failed together (a subscriber's outage) do not retry in lockstep.
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return text.slice(0, 4000);
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { registry } = options;
  const dispatchBatchSize = options.dispatchBatchSize ?? 100;
  const deliveryBatchSize = options.deliveryBatchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoffBaseMs = options.backoffBaseMs ?? 5_000;
  const backoffMaxMs = options.backoffMaxMs ?? 60 * 60_000;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const onError = options.onError ?? ((error: unknown) => console.error('event dispatcher error', error));

  async function dispatchBatch(): Promise<number> {
    return withSystem(async () => {
      const sql = txSql();
      const { rows } = await sql.query<{ agency_id: string; id: string; event_type: string }>(
        `select agency_id, id, event_type from outbox
          where dispatched_at is null
          order by id
          limit $1
          for update skip locked`,
        [dispatchBatchSize],
      );
      if (rows.length === 0) return 0;
      const agencyIds: string[] = [];
      const eventIds: string[] = [];
      const names: string[] = [];
      for (const row of rows) {
        for (const subscriber of registry.subscribersFor(row.event_type)) {
          agencyIds.push(row.agency_id);
          eventIds.push(row.id);
          names.push(subscriber);
        }
      }
      if (names.length > 0) {
        await sql.query(
          `insert into event_deliveries (agency_id, event_id, subscriber)
           select * from unnest($1::uuid[], $2::uuid[], $3::text[])
           on conflict do nothing`,
          [agencyIds, eventIds, names],
        );
      }
      await sql.query(
        `update outbox set dispatched_at = now()
          where (agency_id, id) in (select * from unnest($1::uuid[], $2::uuid[]))`,
        [rows.map((r) => r.agency_id), rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  async function claimBatch(): Promise<Claimed[]> {
    return withSystem(async () => {
      const sql = txSql();
      // A lease that expired after the last try means the worker died during it: no tries are left.
      await sql.query(
        `update event_deliveries
            set status = 'dead',
                last_error = 'the worker stopped during try ' || attempts || ' (lease expired); last error: ' || coalesce(last_error, 'none')
          where status = 'pending' and next_attempt_at <= now() and attempts >= $1`,
        [maxAttempts],
      );
      const { rows } = await sql.query<Claimed>(
        `with due as (
           select agency_id, event_id, subscriber from event_deliveries
            where status = 'pending' and next_attempt_at <= now()
            order by next_attempt_at
            limit $1
            for update skip locked
         )
         update event_deliveries d
            set attempts = d.attempts + 1,
                next_attempt_at = now() + $2::int * interval '1 millisecond'
           from due
          where (d.agency_id, d.event_id, d.subscriber) = (due.agency_id, due.event_id, due.subscriber)
         returning d.agency_id, d.event_id, d.subscriber, d.attempts`,
        [deliveryBatchSize, leaseMs],
      );
      return rows;
    });
  }

  async function recordFailure(claim: Claimed, error: unknown): Promise<void> {
    const sql = txSql();
    if (claim.attempts >= maxAttempts || error instanceof EventPayloadError) {
      await sql.query(
        `update event_deliveries set status = 'dead', last_error = $4
          where agency_id = $1 and event_id = $2 and subscriber = $3 and status = 'pending'`,
        [claim.agency_id, claim.event_id, claim.subscriber, errorText(error)],
      );
      return;
    }
    // clock_timestamp, not now(): this runs in the delivery's transaction, which began before the
    // handler did, so now() would shorten the backoff by however long the handler took.
    await sql.query(
      `update event_deliveries
          set last_error = $4, next_attempt_at = clock_timestamp() + $5::int * interval '1 millisecond'
        where agency_id = $1 and event_id = $2 and subscriber = $3 and status = 'pending'`,
      [
        claim.agency_id,
        claim.event_id,
        claim.subscriber,
        errorText(error),
        backoffMs(claim.attempts, backoffBaseMs, backoffMaxMs),
      ],
    );
  }

  /** Returns true when the handler succeeded. */
  async function deliver(claim: Claimed): Promise<boolean> {
    return withSystem(async () => {
      const sql = txSql();
      const { rows } = await sql.query<DeliveryRow>(
        `select d.attempts, o.event_type, o.sub_account_id, o.actor_user_id, o.payload, o.created_at
           from event_deliveries d
           join outbox o on o.agency_id = d.agency_id and o.id = d.event_id
          where d.agency_id = $1 and d.event_id = $2 and d.subscriber = $3
            and d.status = 'pending' and d.attempts = $4
          for update of d`,
        [claim.agency_id, claim.event_id, claim.subscriber, claim.attempts],
      );
      const row = rows[0];
      // Gone or re-claimed by another worker after our lease expired: that worker owns it now.
      if (!row) return true;
      const handler = registry.handlerFor(row.event_type, claim.subscriber);
      await sql.exec('SAVEPOINT delivery');
      try {
        if (!handler)
          throw new Error(`No handler is registered for ${claim.subscriber} on ${row.event_type}`);
        // Another version of the product may know an event this one does not (a rolling deploy):
        // retried, like a missing handler. A payload its schema refuses is dead (recordFailure).
        if (!registry.catalogue.has(row.event_type))
          throw new Error(`${row.event_type} is not in this worker's event catalogue`);
        const event: DispatchedEvent = {
          id: claim.event_id,
          type: row.event_type,
          agencyId: claim.agency_id,
          subAccountId: row.sub_account_id,
          actorUserId: row.actor_user_id,
          payload: registry.catalogue.parse(row.event_type, row.payload),
          createdAt: new Date(row.created_at),
        };
        await handler(event, {
          subscriber: claim.subscriber,
          attempt: claim.attempts,
          idempotencyKey: `${claim.event_id}:${claim.subscriber}`,
        });
        await sql.exec('RELEASE SAVEPOINT delivery');
      } catch (error) {
        // Undo the handler's writes (and clear an aborted transaction), keep the lock, record why.
        await sql.exec('ROLLBACK TO SAVEPOINT delivery');
        await recordFailure(claim, error);
        return false;
      }
      await sql.query(
        `update event_deliveries set status = 'delivered', delivered_at = now(), last_error = null
          where agency_id = $1 and event_id = $2 and subscriber = $3`,
        [claim.agency_id, claim.event_id, claim.subscriber],
      );
      return true;
    });
  }

  async function runOnce(): Promise<RoundResult> {
    const dispatched = await dispatchBatch();
    let delivered = 0;
    let failed = 0;
    for (const claim of await claimBatch()) {
      let ok: boolean;
      try {
        ok = await deliver(claim);
      } catch (error) {
        // The delivery transaction itself failed (e.g. at commit): the try is already counted.
        ok = false;
        await withSystem(() => recordFailure(claim, error)).catch(onError);
      }
      if (ok) delivered += 1;
      else failed += 1;
    }
    return { dispatched, delivered, failed };
  }

  let loop: Promise<void> | undefined;
  let stopping = false;
  let idle: AbortController | undefined;

  async function run(): Promise<void> {
    while (!stopping) {
      let busy = false;
      try {
        const round = await runOnce();
        busy = round.dispatched + round.delivered + round.failed > 0;
      } catch (error) {
        onError(error);
      }
      if (busy || stopping) continue;
      idle = new AbortController();
      await sleep(pollIntervalMs, undefined, { signal: idle.signal }).catch(() => undefined);
      idle = undefined;
    }
  }

  return {
    runOnce,
    start() {
      if (loop) return;
      stopping = false;
      loop = run();
    },
    wake() {
      idle?.abort();
    },
    async stop() {
      stopping = true;
      idle?.abort();
      await loop;
      loop = undefined;
    },
  };
}
