import type { JobHandler, QueueOptions, WorkOptions } from './job-queue.ts';

/**
 * Job handlers modules declare at import time (`<x>.tasks.ts`); every worker process runs them all.
 * Declaring here, rather than calling `work()` directly, lets the API process know the queues (and
 * their retry policy) without running their handlers.
 */
export type JobDefinition = {
  name: string;
  handler: JobHandler<never>;
  queue: QueueOptions;
  work: WorkOptions;
};

const definitions = new Map<string, JobDefinition>();

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_-]*)+$/;

/** `defineJob('webhooks.deliver', async (job) => { ... }, { queue: { retryLimit: 10, retryBackoff: true } })` */
export function defineJob<T>(
  name: string,
  handler: JobHandler<T>,
  options: { queue?: QueueOptions; work?: WorkOptions } = {},
): void {
  if (!NAME.test(name)) throw new Error(`Job names are <domain>.<verb>, e.g. webhooks.deliver: ${name}`);
  if (definitions.has(name)) throw new Error(`Job ${name} is already defined`);
  definitions.set(name, {
    name,
    handler: handler as JobHandler<never>,
    queue: options.queue ?? {},
    work: options.work ?? {},
  });
}

export function jobDefinitions(): JobDefinition[] {
  return [...definitions.values()];
}
