import { contactKeys } from '../contacts/contact.keys.ts';

export const noteKeys = {
  /** A contact's notes, its opportunities' ones included. */
  ofContact: (subAccountId: string, contactId: string) =>
    [...contactKeys.detail(subAccountId, contactId), 'notes'] as const,
  ofOpportunity: (subAccountId: string, contactId: string, opportunityId: string) =>
    [...noteKeys.ofContact(subAccountId, contactId), 'opportunity', opportunityId] as const,
};
