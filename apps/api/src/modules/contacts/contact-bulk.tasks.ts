import { defineJob } from '../../platform/jobs/job-handlers.ts';
import { BULK_JOB, runBulkAction, type BulkJob } from './contact-bulk.service.ts';

// At least once and resumable: each batch commits its progress with its writes (see runBulkBatch).
// Filter-wide actions take minutes: a 30-second lease, renewed while the action runs, notices a
// crashed worker within a minute, and the retry starts at once from the committed progress.
export const bulkActionJob = defineJob<BulkJob>(BULK_JOB, (job) => runBulkAction(job.data), {
  queue: { retryLimit: 10, retryDelay: 0, lease: { seconds: 30 } },
});
