import type { SubAccountContext } from '../platform/access/access.ts';
import * as contacts from '../modules/contacts/index.ts';
import * as notes from '../modules/notes/index.ts';
import * as opportunities from '../modules/opportunities/index.ts';
import * as tasks from '../modules/tasks/index.ts';

/**
 * Merges `duplicateId` into `survivorId`, in the request's one transaction: each module moves what
 * it owns of the duplicate (notes, tasks, opportunities, then the contact's own tags and fields)
 * and records its own event; contacts then soft-deletes the duplicate. A use case above the
 * modules, so contacts does not call the modules that depend on it.
 */
export async function mergeContacts(
  ctx: SubAccountContext,
  survivorId: string,
  input: contacts.MergeContactBody,
): Promise<contacts.ContactView> {
  await contacts.lockContactsForMerge(ctx, survivorId, input.duplicateId);
  await notes.moveToContact(ctx, input.duplicateId, survivorId);
  await tasks.moveToContact(ctx, input.duplicateId, survivorId);
  await opportunities.moveToContact(ctx, input.duplicateId, survivorId);
  return contacts.moveToContact(ctx, input.duplicateId, survivorId);
}
