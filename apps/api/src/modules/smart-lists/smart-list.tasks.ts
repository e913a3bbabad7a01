import { withTenant } from '../../platform/db/tenant.ts';
import { subscribe } from '../../platform/events/subscribers.ts';
import { defineJob } from '../../platform/jobs/job-handlers.ts';
import { REBUILD_JOB, rebuildMembership, reevaluateContacts, type RebuildJob } from './smart-list.service.ts';

defineJob<RebuildJob>(
  REBUILD_JOB,
  // Idempotent: adding present members and removing absent ones again changes nothing.
  (job) =>
    withTenant({ agencyId: job.data.agencyId, subAccountId: job.data.subAccountId }, () =>
      rebuildMembership(job.data),
    ).then(() => undefined),
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
