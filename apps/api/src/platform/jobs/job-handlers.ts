import type { JobHandler, QueueOptions, WorkOptions } from './job-queue.ts';

/**
 * A background job: its name, handler, queue policy and worker settings. A module defines its jobs
 * in `<x>.tasks.ts` and lists them in its manifest; the composition root hands them all to the
 * worker (which runs them) and to the API process (which declares their queues without running them).
 */
export type JobDefinition = {
  name: string;
  handler: JobHandler<never>;
  queue: QueueOptions;
  work: WorkOptions;
};

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_-]*)+$/;

/** `export const deliverJob = defineJob('webhooks.deliver', async (job) => { ... }, { queue: { retryLimit: 10 } })` */
export function defineJob<T>(
  name: string,
  handler: JobHandler<T>,
  options: { queue?: QueueOptions; work?: WorkOptions } = {},
): JobDefinition {
  if (!NAME.test(name)) throw new Error(`Job names are <domain>.<verb>, e.g. webhooks.deliver: ${name}`);
  return {
    name,
    handler: handler as JobHandler<never>,
    queue: options.queue ?? {},
    work: options.work ?? {},
  };
}

/** Refuses two jobs under one name: the queue is the name, so one would silently take the other's work. */
export function checkJobNames(jobs: readonly JobDefinition[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.name)) throw new Error(`Job ${job.name} is defined twice`);
    seen.add(job.name);
  }
}
