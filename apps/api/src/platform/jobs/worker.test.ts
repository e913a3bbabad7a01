import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type TestDatabase, createTestDatabase } from '../../../test/test-database.ts';
import { waitFor } from '../../../test/jobs/wait-for.ts';
import { txSql, withSystem, withTenant } from '../db/tenant.ts';
import { z } from 'zod';
import { createEventCatalogue, defineEvents } from '../events/catalogue.ts';
import { createSubscriberRegistry } from '../events/subscribers.ts';
import { newId } from '../ids/ids.ts';
import type { Job } from './job-queue.ts';
import { sendJob } from './job-queue.ts';
import { type RunningWorker, startWorker } from './worker.ts';

type Ping = { label: string };

let db: TestDatabase;
let worker: RunningWorker;
const runs: Array<Job<Ping>> = [];
const failures: Array<Job<Ping>> = [];
let slowStarted = false;
let slowFinished = false;
const testEvents = defineEvents('tests', { 'tests.signed_up': z.object({ name: z.string() }) });
const { recordEvent } = testEvents;
const catalogue = createEventCatalogue(testEvents);
const registry = createSubscriberRegistry(catalogue);

async function jobState(name: string, id: string): Promise<string | undefined> {
  return (await worker.jobQueue.getJob(name, id))?.state;
}

before(async () => {
  db = await createTestDatabase();
  registry.subscribe('tests.signed_up', 'tests.welcome', async (event) => {
    // Enqueued in the delivery's transaction: the job exists only if the delivery commits.
    await sendJob('tests.ping', { label: `welcome ${event.payload.name}` });
  });
  worker = await startWorker({
    database: db,
    jobQueue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
    dispatcher: { registry, pollIntervalMs: 100 },
    shutdownTimeoutMs: 10_000,
    jobs: [
      {
        name: 'tests.ping',
        handler: (async (job: Job<Ping>) => {
          runs.push(job);
        }) as never,
        queue: {},
        work: {},
      },
      {
        name: 'tests.fails',
        handler: (async (job: Job<Ping>) => {
          failures.push(job);
          throw new Error(`failure on attempt ${job.attempt}`);
        }) as never,
        queue: { retryLimit: 1, retryDelay: 0 },
        work: {},
      },
      {
        name: 'tests.slow',
        handler: (async () => {
          slowStarted = true;
          await sleep(1_500);
          slowFinished = true;
        }) as never,
        queue: {},
        work: {},
      },
    ],
  });
});

after(async () => {
  await worker.stop();
  await db.drop();
});

describe('worker and job queue', () => {
  test('a job sent in a committed transaction runs once; one sent in a rolled-back transaction never runs', async () => {
    const committed = await withSystem(() => sendJob('tests.ping', { label: 'committed' }));
    let rolledBack: string | null = null;
    await assert.rejects(
      withSystem(async () => {
        rolledBack = await sendJob('tests.ping', { label: 'rolled back' });
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.ok(committed && rolledBack, 'both sends returned a job id inside their transaction');
    await waitFor(
      'the committed job to complete',
      async () => (await jobState('tests.ping', committed)) === 'completed',
    );
    await sleep(1_200); // more than two polls: the rolled-back job would have been picked up by now
    const labels = runs.map((r) => r.data.label);
    assert.deepEqual(
      labels.filter((l) => l === 'committed'),
      ['committed'],
    );
    assert.ok(!labels.includes('rolled back'));
    assert.equal(await worker.jobQueue.getJob('tests.ping', rolledBack!), null);
    const run = runs.find((r) => r.id === committed);
    assert.equal(run?.attempt, 1);
    assert.equal(run?.idempotencyKey, `tests.ping:${committed}`);
  });

  test('a failing job is retried up to its limit, with the attempt number, then fails', async () => {
    const id = await sendJob('tests.fails', { label: 'doomed' });
    assert.ok(id);
    await waitFor('the job to fail for good', async () => (await jobState('tests.fails', id)) === 'failed');
    assert.deepEqual(
      failures.filter((f) => f.id === id).map((f) => f.attempt),
      [1, 2],
    );
  });

  test('an event fans out to a subscriber that enqueues a job in its transaction, and the job runs', async () => {
    const agencyId = newId();
    const eventId = await withTenant({ agencyId }, () =>
      recordEvent({ type: 'tests.signed_up', agencyId, payload: { name: 'Ada' } }),
    );
    worker.dispatcher.wake();
    await waitFor('the welcome job', () => runs.some((r) => r.data.label === 'welcome Ada'));
    const { rows } = await db.raw.query<{ status: string }>(
      'select status from event_deliveries where event_id = $1',
      [eventId],
    );
    assert.deepEqual(rows, [{ status: 'delivered' }]);
  });

  test('stop() lets a running job finish before it resolves', async () => {
    await sendJob('tests.slow', { label: 'slow' });
    await waitFor('the slow job to start', () => slowStarted);
    assert.equal(slowFinished, false);
    await worker.stop();
    assert.equal(slowFinished, true);
    assert.throws(() => sendJob('tests.ping', { label: 'after stop' }), /No job queue bound/);
  });

  test('a job handler can use a tenant transaction of its own', async () => {
    // After stop() above the worker is gone; start a fresh one on the same database.
    const seen: string[] = [];
    const second = await startWorker({
      database: db,
      jobQueue: { pollingIntervalSeconds: 0.5 },
      dispatcher: { registry: createSubscriberRegistry(catalogue), pollIntervalMs: 100 },
      jobs: [
        {
          name: 'tests.tenant',
          handler: (async (job: Job<{ agencyId: string }>) => {
            const { rows } = await withTenant({ agencyId: job.data.agencyId }, () =>
              txSql().query<{ agency: string }>("select current_setting('app.agency_id') as agency"),
            );
            seen.push(rows[0]!.agency);
          }) as never,
          queue: {},
          work: {},
        },
      ],
    });
    try {
      const agencyId = newId();
      await sendJob('tests.tenant', { agencyId });
      await waitFor('the tenant job', () => seen.length === 1);
      assert.deepEqual(seen, [agencyId]);
    } finally {
      await second.stop();
    }
  });
});
