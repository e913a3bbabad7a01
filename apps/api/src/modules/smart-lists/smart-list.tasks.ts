import { asSystem } from '../../platform/access/access.ts';
import { defineJob } from '../../platform/jobs/job-handlers.ts';
import { on, type EventOf } from '../../platform/modules/manifest.ts';
import { contactImportEvents } from '../contact-imports/index.ts';
import { contactEvents } from '../contacts/index.ts';
import {
  REBUILD_JOB,
  rebuildStep,
  rebuildWork,
  reevaluateContacts,
  type RebuildJob,
} from './smart-list.service.ts';

export const rebuildSmartListJob = defineJob<RebuildJob>(
  REBUILD_JOB,
  // Each step resumes from the cursor stored with the list, so a retry, or a second job sent by a
  // filter change while this one runs, carries on rather than starting over.
  async (job) => {
    while (await asSystem(rebuildWork(job.data), (ctx) => rebuildStep(ctx, job.data))) {
      // next batch
    }
  },
  { queue: { retryLimit: 5, retryDelay: 10, retryBackoff: true } },
);

/**
 * The contacts a contacts.* event is about. An import batch names up to 1,000 created and 1,000
 * updated contacts (the batch size bounds the payload), which are re-evaluated together like one
 * contact created through the API: one indexed query per list (see README, "Imports").
 */
function contactIdsOf(
  event: EventOf<[typeof contactEvents, typeof contactImportEvents], 'contacts.*'>,
): string[] {
  switch (event.type) {
    case 'contacts.imported':
      return [...event.payload.createdIds, ...event.payload.updatedIds];
    case 'contacts.merged':
      return [event.payload.contactId, event.payload.duplicateId];
    default:
      return [event.payload.contactId];
  }
}

/** Every change to contacts re-evaluates the lists they might enter or leave. */
export const membershipSubscription = on(
  [contactEvents, contactImportEvents],
  'contacts.*',
  'smart_lists.membership',
  async (event) => {
    if (!event.subAccountId) return;
    await reevaluateContacts({
      agencyId: event.agencyId,
      subAccountId: event.subAccountId,
      contactIds: contactIdsOf(event),
    });
  },
);
