import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../db/database.ts';
import { bindDatabase, boundDatabase } from '../db/tenant.ts';
import { type Dispatcher, type DispatcherOptions, createDispatcher } from '../events/dispatcher.ts';
import { checkJobNames, type JobDefinition } from './job-handlers.ts';
import { type JobQueue, type JobQueueOptions, bindJobQueue, createJobQueue } from './job-queue.ts';

/**
 * The background worker: the outbox dispatcher's poll loop plus pg-boss workers for every defined
 * job. It runs inside the API process by default (WORKER=inline) or alone (`main.ts worker`); any
 * number of worker processes may share one PostgreSQL database.
 */
export type WorkerOptions = {
  /** Defaults to the bound database. */
  database?: Database;
  /** pg-boss settings (polling, supervision, expiry). */
  jobQueue?: Omit<JobQueueOptions, 'database'>;
  /** Its `registry` says who receives which event: the product's comes from composition.ts. */
  dispatcher: DispatcherOptions;
  /** The jobs it runs: the product's come from composition.ts. */
  jobs: readonly JobDefinition[];
  /** How long stop() lets running jobs and the current dispatch round finish. */
  shutdownTimeoutMs?: number;
};

export type RunningWorker = {
  jobQueue: JobQueue;
  dispatcher: Dispatcher;
  /** Stops fetching, waits for running work up to the shutdown timeout, unbinds the queue. */
  stop(): Promise<void>;
};

/**
 * Creates, starts and binds the process's job queue, with every defined job's queue declared, so
 * `sendJob()` works. For a process that sends jobs but runs none (API with WORKER=off); a worker
 * process gets its queue from startWorker() instead.
 */
export async function startJobQueue(
  options: JobQueueOptions & { jobs: readonly JobDefinition[] },
): Promise<JobQueue> {
  const { jobs, ...queueOptions } = options;
  checkJobNames(jobs);
  const queue = createJobQueue(queueOptions);
  for (const job of jobs) await queue.defineQueue(job.name, job.queue);
  await queue.start();
  bindJobQueue(queue);
  return queue;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const database = options.database ?? boundDatabase();
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 30_000;
  const { jobs } = options;
  checkJobNames(jobs);

  const jobQueue = createJobQueue({ ...options.jobQueue, database });
  for (const job of jobs) await jobQueue.defineQueue(job.name, job.queue);
  await jobQueue.start();
  bindJobQueue(jobQueue);
  for (const job of jobs) await jobQueue.work(job.name, job.handler, job.work);

  const dispatcher = createDispatcher(options.dispatcher);
  dispatcher.start();

  let stopped: Promise<void> | undefined;
  return {
    jobQueue,
    dispatcher,
    stop() {
      stopped ??= (async () => {
        const started = Date.now();
        // A dispatch round is short transactions; if one hangs, its lease makes another worker retry it.
        await Promise.race([dispatcher.stop(), sleep(shutdownTimeoutMs, undefined, { ref: false })]);
        const left = Math.max(1_000, shutdownTimeoutMs - (Date.now() - started));
        await jobQueue.stop({ timeoutMs: left });
        bindJobQueue(undefined);
      })();
      return stopped;
    },
  };
}

/**
 * `main.ts worker`: runs the worker until SIGTERM or SIGINT, then shuts down gracefully and
 * resolves (the caller closes the database and exits). On the embedded database only one process
 * may own the data folder, so a separate worker process is for PostgreSQL deployments.
 */
export async function runWorkerProcess(options: WorkerOptions & { database: Database }): Promise<void> {
  bindDatabase(options.database);
  const worker = await startWorker(options);
  console.log(`worker started (pid ${process.pid}, ${options.jobs.length} job types)`);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      console.log(`worker received ${signal}, finishing running jobs`);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await worker.stop();
  console.log('worker stopped');
}
