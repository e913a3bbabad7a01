import { withTenant } from '../../platform/db/tenant.ts';
import { defineJob } from '../../platform/jobs/job-handlers.ts';
import { subscribe } from '../events.ts';
import { REBUILD_JOB, rebuildStep, reevaluateContacts, type RebuildJob } from './smart-list.service.ts';

defineJob<RebuildJob>(
  REBUILD_JOB,
  // Each step resumes from the cursor stored with the list, so a retry, or a second job sent by a
  // filter change while this one runs, carries on rather than starting over.
  async (job) => {
    const scope = { agencyId: job.data.agencyId, subAccountId: job.data.subAccountId };
    while (await withTenant(scope, () => rebuildStep(job.data))) {
      // next batch
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
