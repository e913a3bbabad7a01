import type { SubAccountContext } from '../../platform/access/access.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { contactExists } from '../contacts/index.ts';
import { opportunityContactId } from './opportunity.service.ts';

/** What a note or task hangs off: a contact, or one of its opportunities (which names the contact). */
export type ParentRef = { contactId: string } | { opportunityId: string };
export type Parent = { contactId: string; opportunityId: string | null };

/** The parent, checked to be a live record of this sub-account; anything else is not found. */
export async function resolveParent(ctx: SubAccountContext, ref: ParentRef): Promise<Parent> {
  if ('opportunityId' in ref)
    return {
      contactId: await opportunityContactId(ctx, ref.opportunityId),
      opportunityId: ref.opportunityId,
    };
  if (!(await contactExists(ctx, ref.contactId))) throw notFound('Contact');
  return { contactId: ref.contactId, opportunityId: null };
}
