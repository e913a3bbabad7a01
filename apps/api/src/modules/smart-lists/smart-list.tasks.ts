import { withTenant } from '../../platform/db/tenant.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import { defineJob } from '../../platform/jobs/job-handlers.ts';
import {
  REBUILD_JOB,
  rebuildStep,
  reevaluateContacts,
  type RebuildJob,
  type RebuildStep,
} from './smart-list.service.ts';

defineJob<RebuildJob>(
  REBUILD_JOB,
  // Idempotent: a retry starts over, and adding present members or removing absent ones is a no-op.
  async (job) => {
    const scope = { agencyId: job.data.agencyId, subAccountId: job.data.subAccountId };
    let step: RebuildStep | null = { phase: 'add', after: undefined };
    while (step) {
      const current: RebuildStep = step;
      step = await withTenant(scope, () => rebuildStep(job.data, current));
    }
  },
  { queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true } },
);

/** The contact ids a contacts.* event is about, whatever its shape. */
function contactIdsOf(payload: Record<string, unknown>): string[] {
  const ids: string[] = [];
  for (const key of ['contactId', 'survivorId', 'duplicateId', 'mergedId']) {
    const value = payload[key];
    if (typeof value === 'string') ids.push(value);
  }
  if (Array.isArray(payload.contactIds))
    ids.push(...payload.contactIds.filter((v): v is string => typeof v === 'string'));
  return ids;
}

subscribe('contacts.*', 'smart_lists.membership', async (event) => {
  if (!event.subAccountId) return;
  const contactIds = contactIdsOf(event.payload);
  if (contactIds.length === 0) return;
  await reevaluateContacts({ agencyId: event.agencyId, subAccountId: event.subAccountId, contactIds });
});
