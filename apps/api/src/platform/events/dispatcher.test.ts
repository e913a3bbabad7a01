import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type TestDatabase, createTestDatabase } from '../../../test/test-database.ts';
import { waitFor } from '../../../test/jobs/wait-for.ts';
import { txSql, withTenant } from '../db/tenant.ts';
import { newId } from '../ids/ids.ts';
import { z } from 'zod';
import { createEventCatalogue, defineEvents, EventPayloadError } from './catalogue.ts';
import { createDispatcher } from './dispatcher.ts';
import type { DomainEvent } from './outbox.ts';
import { type DispatchedEvent, createSubscriberRegistry } from './subscribers.ts';

const testEvents = defineEvents('tests', {
  'tests.happened': z.object({ n: z.number() }),
  'tests.failing': z.object({}),
  'tests.flaky': z.object({}),
  'tests.crashy': z.object({}),
  'tests.parsed': z.object({ contactId: z.uuid(), at: z.iso.datetime() }),
});
const otherEvents = defineEvents('other', {
  'other.thing': z.object({}),
  'contacts.created': z.object({ contactId: z.uuid() }),
});
const catalogue = createEventCatalogue(testEvents, otherEvents);
const newRegistry = () => createSubscriberRegistry(catalogue);
const { recordEvent } = testEvents;
type TestSchemas = typeof testEvents.schemas;

type Delivery = { status: string; attempts: number; last_error: string | null; subscriber: string };

let db: TestDatabase;

before(async () => {
  db = await createTestDatabase();
  // A table for the handlers' own writes, so the tests can see what a rollback undid.
  await db.raw.exec('create table test_effects (key text primary key, attempt int not null)');
});

after(async () => {
  await db.drop();
});

async function deliveries(eventId: string): Promise<Delivery[]> {
  const { rows } = await db.raw.query<Delivery>(
    'select status, attempts, last_error, subscriber from event_deliveries where event_id = $1 order by subscriber',
    [eventId],
  );
  return rows;
}

async function record<T extends keyof TestSchemas & string>(
  type: T,
  payload: z.input<TestSchemas[T]>,
): Promise<string> {
  const agencyId = newId();
  // The cast joins the two parameters into one event: TypeScript cannot relate T across them.
  return withTenant({ agencyId }, () => recordEvent({ type, agencyId, payload } as DomainEvent<TestSchemas>));
}

describe('event dispatcher', () => {
  test('a committed event reaches each subscriber exactly once; a rolled-back one never does', async () => {
    const registry = newRegistry();
    const seen: Array<{ subscriber: string; event: DispatchedEvent }> = [];
    registry.subscribe('tests.happened', 'tests.first', async (event) => {
      seen.push({ subscriber: 'tests.first', event });
    });
    registry.subscribe('tests.*', 'tests.second', async (event) => {
      seen.push({ subscriber: 'tests.second', event });
    });
    registry.subscribe('other.thing', 'tests.unrelated', async () => {
      throw new Error('must not be called');
    });

    const committed = await record('tests.happened', { n: 1 });
    let rolledBack: string | undefined;
    const agencyId = newId();
    await assert.rejects(
      withTenant({ agencyId }, async () => {
        rolledBack = await recordEvent({ type: 'tests.happened', agencyId, payload: { n: 2 } });
        throw new Error('abort the transaction');
      }),
      /abort the transaction/,
    );
    assert.ok(rolledBack, 'the event was written before the rollback');

    const dispatcher = createDispatcher({ registry, pollIntervalMs: 50 });
    dispatcher.start();
    try {
      await waitFor(
        'both deliveries',
        async () => (await deliveries(committed)).every((d) => d.status === 'delivered') && seen.length === 2,
      );
      // Further rounds must not deliver anything again.
      await sleep(300);
    } finally {
      await dispatcher.stop();
    }
    for (let i = 0; i < 3; i += 1) await dispatcher.runOnce();

    assert.deepEqual(seen.map((s) => s.subscriber).sort(), ['tests.first', 'tests.second']);
    assert.ok(seen.every((s) => s.event.id === committed && s.event.payload.n === 1));
    assert.deepEqual(
      (await deliveries(committed)).map((d) => [d.subscriber, d.status, d.attempts]),
      [
        ['tests.first', 'delivered', 1],
        ['tests.second', 'delivered', 1],
      ],
    );
    const { rows } = await db.raw.query('select 1 from outbox where id = $1', [rolledBack]);
    assert.equal(rows.length, 0);
    assert.deepEqual(await deliveries(rolledBack!), []);
    const pending = await db.raw.query('select 1 from outbox where dispatched_at is null');
    assert.equal(pending.rows.length, 0);
  });

  test('a failing subscriber is retried with backoff, its writes undone, and ends dead with its last error', async () => {
    const registry = newRegistry();
    const tries: number[] = [];
    registry.subscribe('tests.failing', 'tests.always_fails', async (event, context) => {
      tries.push(Date.now());
      await txSql().query('insert into test_effects (key, attempt) values ($1, $2)', [
        `${context.idempotencyKey}:${context.attempt}`,
        context.attempt,
      ]);
      throw new Error(`boom on try ${context.attempt} of ${event.type}`);
    });
    const eventId = await record('tests.failing', {});
    const dispatcher = createDispatcher({
      registry,
      maxAttempts: 4,
      backoffBaseMs: 100,
      backoffMaxMs: 10_000,
    });

    await waitFor(
      'the dead delivery',
      async () => {
        await dispatcher.runOnce();
        return (await deliveries(eventId))[0]?.status === 'dead';
      },
      15_000,
      10,
    );
    for (let i = 0; i < 3; i += 1) await dispatcher.runOnce();

    const [delivery] = await deliveries(eventId);
    assert.equal(delivery?.status, 'dead');
    assert.equal(delivery?.attempts, 4);
    assert.match(delivery?.last_error ?? '', /boom on try 4 of tests\.failing/);
    assert.equal(tries.length, 4);
    // Backoff 100, 200, 400 ms (+-20%): each wait is at least the lower bound and longer than the last.
    const gaps = tries.slice(1).map((t, i) => t - tries[i]!);
    assert.ok(gaps[0]! >= 75, `first retry after ${gaps[0]} ms`);
    assert.ok(gaps[1]! >= 155 && gaps[1]! > gaps[0]!, `second retry after ${gaps[1]} ms`);
    assert.ok(gaps[2]! >= 315 && gaps[2]! > gaps[1]!, `third retry after ${gaps[2]} ms`);
    const effects = await db.raw.query('select 1 from test_effects');
    assert.equal(effects.rows.length, 0, "a failed try's writes are rolled back");
  });

  test('a subscriber that fails once is delivered on the retry, and its writes then commit once', async () => {
    const registry = newRegistry();
    registry.subscribe('tests.flaky', 'tests.flaky_once', async (_event, context) => {
      await txSql().query('insert into test_effects (key, attempt) values ($1, $2)', [
        context.idempotencyKey,
        context.attempt,
      ]);
      if (context.attempt === 1) throw new Error('temporary outage');
    });
    const eventId = await record('tests.flaky', {});
    const dispatcher = createDispatcher({ registry, backoffBaseMs: 50 });
    await waitFor(
      'the retried delivery',
      async () => {
        await dispatcher.runOnce();
        return (await deliveries(eventId))[0]?.status === 'delivered';
      },
      10_000,
      10,
    );
    const [delivery] = await deliveries(eventId);
    assert.deepEqual([delivery?.attempts, delivery?.last_error], [2, null]);
    const { rows } = await db.raw.query<{ attempt: number }>(
      'select attempt from test_effects where key = $1',
      [`${eventId}:tests.flaky_once`],
    );
    assert.deepEqual(rows, [{ attempt: 2 }]);
  });

  test('a delivery whose worker died during its last try is marked dead once the lease expires', async () => {
    const registry = newRegistry();
    registry.subscribe('tests.crashy', 'tests.crashy', async () => undefined);
    const eventId = await record('tests.crashy', {});
    const dispatcher = createDispatcher({ registry, maxAttempts: 2, leaseMs: 100 });
    // Fan out, then simulate a worker that claimed the last try and vanished.
    await dispatcher.runOnce();
    await db.raw.query(
      "update event_deliveries set status = 'pending', attempts = 2, next_attempt_at = now() - interval '1 second' where event_id = $1",
      [eventId],
    );
    await dispatcher.runOnce();
    const [delivery] = await deliveries(eventId);
    assert.equal(delivery?.status, 'dead');
    assert.match(delivery?.last_error ?? '', /worker stopped during try 2/);
  });

  test('subscriber names and patterns are checked', () => {
    const registry = newRegistry();
    registry.subscribe('contacts.*', 'webhooks.outbound', async () => undefined);
    assert.throws(
      () => registry.subscribe('contacts.created', 'webhooks.outbound', async () => undefined),
      /already subscribes/,
    );
    assert.throws(
      () => registry.subscribe('contacts.created', 'NoDomain', async () => undefined),
      /<domain>\.<reaction>/,
    );
    assert.throws(
      // @ts-expect-error: deals.* matches no event of the catalogue, which the types say too
      () => registry.subscribe('deals.*', 'webhooks.deals', async () => undefined),
      /matches no event of the catalogue/,
    );
    assert.deepEqual(registry.subscribersFor('contacts.created'), ['webhooks.outbound']);
    assert.deepEqual(registry.subscribersFor('deals.created'), []);
  });

  test('a payload is parsed when recorded: a wrong one throws and writes nothing', async () => {
    const agencyId = newId();
    const bad: unknown[] = [{ n: 'one' }, {}, { n: 1, extra: true }];
    for (const payload of bad) {
      await assert.rejects(
        withTenant({ agencyId }, () =>
          recordEvent({ type: 'tests.happened', agencyId, payload } as DomainEvent<TestSchemas>),
        ),
        (error: unknown) =>
          error instanceof EventPayloadError &&
          /The payload of tests\.happened does not match/.test(error.message),
      );
    }
    await assert.rejects(
      withTenant({ agencyId }, () =>
        recordEvent({ type: 'other.thing', agencyId, payload: {} } as unknown as DomainEvent<TestSchemas>),
      ),
      /other\.thing is not an event of the tests module/,
    );
    const { rows } = await db.raw.query('select 1 from outbox where agency_id = $1', [agencyId]);
    assert.equal(rows.length, 0);
  });

  test('a handler gets the payload parsed by its schema; one that no longer parses is dead at once', async () => {
    const registry = newRegistry();
    const seen: unknown[] = [];
    registry.subscribe('tests.parsed', 'tests.parsing', async (event) => {
      const contactId: string = event.payload.contactId;
      seen.push({ contactId, at: event.payload.at, keys: Object.keys(event.payload).sort() });
    });
    const contactId = newId();
    const good = await record('tests.parsed', { contactId, at: '2024-03-31T14:30:00.000Z' });
    const stale = await record('tests.parsed', { contactId, at: '2024-03-31T14:30:00.000Z' });
    // What an older version wrote: a key the schema dropped since, and a field of another type.
    await db.raw.query(`update outbox set payload = payload || '{"dropped": 1}'::jsonb where id = $1`, [
      good,
    ]);
    await db.raw.query(`update outbox set payload = '{"contactId": 42}'::jsonb where id = $1`, [stale]);
    const dispatcher = createDispatcher({ registry, maxAttempts: 8 });
    const round = await dispatcher.runOnce();
    assert.deepEqual([round.delivered, round.failed], [1, 1]);
    assert.deepEqual(seen, [{ contactId, at: '2024-03-31T14:30:00.000Z', keys: ['at', 'contactId'] }]);
    const [dead] = await deliveries(stale);
    assert.equal(dead?.status, 'dead', 'not retried: the same row would fail the same way');
    assert.equal(dead?.attempts, 1);
    assert.match(dead?.last_error ?? '', /The payload of tests\.parsed does not match its schema/);
    assert.match(dead?.last_error ?? '', /contactId/);
    assert.equal((await deliveries(good))[0]?.status, 'delivered');
  });

  test('an event this worker does not know is retried, like one without a handler', async () => {
    const registry = newRegistry();
    registry.subscribe('tests.*', 'tests.everything', async () => undefined);
    const agencyId = newId();
    const eventId = newId();
    // Recorded by a newer version of the product, during a rolling deploy.
    await db.raw.query(
      `insert into outbox (agency_id, id, event_type, payload) values ($1, $2, 'tests.invented', '{}')`,
      [agencyId, eventId],
    );
    const dispatcher = createDispatcher({ registry, maxAttempts: 3, backoffBaseMs: 60_000 });
    await dispatcher.runOnce();
    const [delivery] = await deliveries(eventId);
    assert.deepEqual([delivery?.status, delivery?.attempts], ['pending', 1]);
    assert.match(delivery?.last_error ?? '', /tests\.invented is not in this worker's event catalogue/);
  });
});
