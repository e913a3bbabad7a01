import { asSystem } from '../../platform/access/access.ts';
import { recordEvent } from './task.events.ts';
import { defineJob } from '../../platform/jobs/job-handlers.ts';
import { iso } from '../../platform/http/time.ts';
import * as repo from './task.repository.ts';
import { REMIND_JOB, type RemindJob } from './task.service.ts';

/**
 * Sends a task's reminder: marks it sent and records tasks.due (notifications and workflows react
 * to the event), both in one transaction, only if the task is still open with this reminder time
 * and nothing was sent yet. Returns whether it did, so a retry or a stale job does nothing.
 */
export async function remindTask(job: RemindJob): Promise<boolean> {
  const work = { work: REMIND_JOB, agencyId: job.agencyId, subAccountId: job.subAccountId, permissions: [] };
  return asSystem(work, async () => {
    const task = await repo.markReminderSent(job.subAccountId, job.taskId, new Date(job.reminderAt));
    if (!task) return false;
    await recordEvent({
      type: 'tasks.due',
      agencyId: job.agencyId,
      subAccountId: job.subAccountId,
      payload: {
        taskId: job.taskId,
        contactId: task.contactId,
        assigneeUserId: task.assigneeUserId,
        title: task.title,
        dueAt: iso(task.dueAt),
        reminderAt: job.reminderAt,
      },
    });
    return true;
  });
}

// 'short' keeps one queued job per singletonKey (task and reminder time), so a repeated save does
// not queue the same reminder twice.
export const remindTaskJob = defineJob<RemindJob>(
  REMIND_JOB,
  async (job) => {
    await remindTask(job.data);
  },
  { queue: { policy: 'short', retryLimit: 5, retryDelay: 10, retryBackoff: true } },
);
