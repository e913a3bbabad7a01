import { defineJob } from '../../platform/jobs/job-handlers.ts';
import { BULK_JOB, runBulkAction, type BulkJob } from './contact-bulk.service.ts';

// At least once and resumable: each batch commits its progress with its writes (see runBulkBatch).
export const bulkActionJob = defineJob<BulkJob>(BULK_JOB, (job) => runBulkAction(job.data), {
  queue: { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 60 * 60 },
});
