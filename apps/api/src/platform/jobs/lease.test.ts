import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type TestDatabase, createTestDatabase } from '../../../test/test-database.ts';
import { waitFor } from '../../../test/jobs/wait-for.ts';
import { withSystem } from '../db/tenant.ts';
import { type Job, JobNotOwned, sendJob } from './job-queue.ts';
import { type RunningWorker, startWorker } from './worker.ts';
import { createEventCatalogue } from '../events/catalogue.ts';
import { createSubscriberRegistry } from '../events/subscribers.ts';

/**
 * Leases: a job that runs for several leases keeps its job as long as its process lives; a try
 * that lost its job is told, cannot commit a checkpoint, and its outcome is not recorded. The
 * crash itself (a process killed while it holds a lease) is in crash.test.ts.
 */
const LEASE_SECONDS = 3;

type Label = { label: string };
type Try = {
  job: Job<Label>;
  checkpoints: number;
  /** What a checkpoint after the takeover threw. */
  refused?: unknown;
  finished: boolean;
};

let db: TestDatabase;
let worker: RunningWorker;
const tries: Try[] = [];
const releases = new Map<string, () => void>();
let slowMs = 0;

const triesOf = (id: string) => tries.filter((t) => t.job.id === id);
const checkpoint = (job: Job<Label>) => withSystem(() => job.assertOwner());
/**
 * What the supervisor does to a job whose lease lapsed (pg-boss's failJobsByTimeout): the try is
 * failed and the job waits for a retry, which the next fetch starts.
 */
const takeOver = (id: string) =>
  db.raw.query(`update pgboss.job set state = 'retry' where id = $1 and state = 'active'`, [id]);

/** Waits until the test releases this try; a try that loses its job checkpoints once more first. */
async function untilReleased(entry: Try): Promise<void> {
  const released = new Promise<void>((resolve) =>
    releases.set(`${entry.job.id}:${entry.job.attempt}`, resolve),
  );
  const lost = new Promise<void>((resolve) => entry.job.signal.addEventListener('abort', () => resolve()));
  await Promise.race([released, lost]);
  if (entry.job.signal.aborted) {
    await checkpoint(entry.job).catch((error: unknown) => (entry.refused = error));
    await released;
  }
}

before(async () => {
  db = await createTestDatabase();
  worker = await startWorker({
    database: db,
    jobQueue: { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 },
    dispatcher: { registry: createSubscriberRegistry(createEventCatalogue()), pollIntervalMs: 1_000 },
    shutdownTimeoutMs: 5_000,
    jobs: [
      {
        name: 'tests.leased_slow',
        queue: { retryLimit: 2, retryDelay: 0, lease: { seconds: LEASE_SECONDS } },
        work: {},
        handler: (async (job: Job<Label>) => {
          const entry: Try = { job, checkpoints: 0, finished: false };
          tries.push(entry);
          // A long job with a checkpoint a second: each must find this try still the job's owner.
          for (const started = Date.now(); Date.now() - started < slowMs;) {
            await sleep(1_000);
            await checkpoint(job);
            entry.checkpoints++;
          }
          entry.finished = true;
        }) as never,
      },
      {
        name: 'tests.leased_held',
        queue: { retryLimit: 2, retryDelay: 0, lease: { seconds: LEASE_SECONDS } },
        // Two slots, so the retry runs here while the try that lost the job is still winding down.
        work: { concurrency: 2 },
        handler: (async (job: Job<Label>) => {
          const entry: Try = { job, checkpoints: 0, finished: false };
          tries.push(entry);
          await untilReleased(entry);
          entry.finished = true;
        }) as never,
      },
      {
        name: 'tests.expiring_held',
        queue: { retryLimit: 2, retryDelay: 0, expireInSeconds: 60 },
        work: { concurrency: 2 },
        handler: (async (job: Job<Label>) => {
          const entry: Try = { job, checkpoints: 0, finished: false };
          tries.push(entry);
          await new Promise<void>((resolve) => releases.set(`${job.id}:${job.attempt}`, resolve));
          await checkpoint(job).catch((error: unknown) => (entry.refused = error));
          entry.finished = true;
        }) as never,
      },
    ],
  });
});

after(async () => {
  for (const release of releases.values()) release();
  await worker.stop();
  await db.drop();
});

describe('job leases', () => {
  test(
    'a job that runs for three leases is not taken over while its worker lives, and completes in one try',
    { timeout: 60_000 },
    async () => {
      slowMs = 3 * LEASE_SECONDS * 1_000;
      const id = await withSystem(() => sendJob('tests.leased_slow', { label: 'slow' }));
      assert.ok(id);
      const state = await waitFor(
        'the slow job to complete',
        async () => {
          const job = await worker.jobQueue.getJob('tests.leased_slow', id);
          return job?.state === 'completed' || job?.state === 'failed' ? job : undefined;
        },
        slowMs + 20_000,
        200,
      );
      assert.equal(state.state, 'completed');
      assert.equal(state.retryCount, 0);
      const mine = triesOf(id);
      assert.deepEqual(
        mine.map((t) => t.job.attempt),
        [1],
      );
      assert.equal(mine[0]!.finished, true);
      assert.equal(mine[0]!.job.signal.aborted, false);
      assert.ok(mine[0]!.checkpoints >= 3 * LEASE_SECONDS - 1, `checkpoints: ${mine[0]!.checkpoints}`);
    },
  );

  test('a try whose job was taken over is told, cannot checkpoint, and cannot complete the job its successor runs', async () => {
    const id = await withSystem(() => sendJob('tests.leased_held', { label: 'held' }));
    assert.ok(id);
    await waitFor('the first try', () => triesOf(id).length === 1);
    await takeOver(id);
    const [first, second] = await waitFor(
      'the second try',
      () => (triesOf(id).length === 2 ? triesOf(id) : undefined),
      20_000,
    );
    assert.equal(second!.job.attempt, 2);
    await waitFor('the first try to be told', () => first!.job.signal.aborted, 10_000);
    assert.ok(first!.job.signal.reason instanceof JobNotOwned, String(first!.job.signal.reason));
    await waitFor('the first try to checkpoint again', () => first!.refused !== undefined, 10_000);
    assert.ok(first!.refused instanceof JobNotOwned, String(first!.refused));

    // The stale try ends without an error: the job stays its successor's.
    releases.get(`${id}:1`)!();
    await waitFor('the first try to end', () => first!.finished);
    await sleep(500);
    assert.equal((await worker.jobQueue.getJob('tests.leased_held', id))?.state, 'active');
    assert.equal(second!.job.signal.aborted, false);

    releases.get(`${id}:2`)!();
    const done = await waitFor('the second try to complete the job', async () => {
      const job = await worker.jobQueue.getJob('tests.leased_held', id);
      return job?.state === 'completed' ? job : undefined;
    });
    assert.equal(done.retryCount, 1);
  });

  test('a checkpoint reads the job row: without a lease, a try whose job was taken over cannot commit one before it is told', async () => {
    const id = await withSystem(() => sendJob('tests.expiring_held', { label: 'expiring' }));
    assert.ok(id);
    await waitFor('the first try', () => triesOf(id).length === 1);
    await takeOver(id);
    const [first] = await waitFor(
      'the second try',
      () => (triesOf(id).length === 2 ? triesOf(id) : undefined),
      20_000,
    );
    assert.equal(first!.job.signal.aborted, false, 'without a lease nothing told the first try yet');
    releases.get(`${id}:1`)!();
    await waitFor('the first try to end', () => first!.finished);
    assert.ok(first!.refused instanceof JobNotOwned, String(first!.refused));
    assert.equal(first!.job.signal.aborted, true);
    releases.get(`${id}:2`)!();
    const done = await waitFor('the second try to complete the job', async () => {
      const job = await worker.jobQueue.getJob('tests.expiring_held', id);
      return job?.state === 'completed' ? job : undefined;
    });
    assert.equal(done.retryCount, 1);
    assert.equal(triesOf(id)[1]!.refused, undefined);
  });
});
