import type { ContactFilter } from '../../api/contacts.api.ts';

// Query keys of contacts, tags, smart lists and bulk actions. Keys nest: invalidating one
// (`contactKeys.lists(id)`) refreshes every query whose key starts with it.
const inSubAccount = (subAccountId: string) => ['sub_account', subAccountId] as const;

export const contactKeys = {
  /** Every list, count and chart of a sub-account's contacts (not the contact pages). */
  lists: (subAccountId: string) => [...inSubAccount(subAccountId), 'contacts'] as const,
  search: (subAccountId: string, filter: ContactFilter, sort: string) =>
    [...contactKeys.lists(subAccountId), 'search', filter, sort] as const,
  count: (subAccountId: string, filter: ContactFilter) =>
    [...contactKeys.lists(subAccountId), 'count', filter] as const,
  sourceCounts: (subAccountId: string) => [...contactKeys.lists(subAccountId), 'source-counts'] as const,
  /** The contact picker of the opportunity form. */
  picker: (subAccountId: string, search: string) =>
    [...contactKeys.lists(subAccountId), 'picker', search] as const,
  /** Who already uses an email or phone, while the new-contact form is typed. */
  duplicates: (subAccountId: string, email: string, phone: string) =>
    [...contactKeys.lists(subAccountId), 'duplicates', email, phone] as const,
  /** One contact; its timeline and notes hang below it. */
  detail: (subAccountId: string, contactId: string) =>
    [...inSubAccount(subAccountId), 'contact', contactId] as const,
  timeline: (subAccountId: string, contactId: string) =>
    [...contactKeys.detail(subAccountId, contactId), 'timeline'] as const,
  bulkAction: (subAccountId: string, bulkActionId: string) =>
    [...inSubAccount(subAccountId), 'bulk-action', bulkActionId] as const,
};

export const tagKeys = {
  /** Every tag query: pickers and the settings list. */
  all: (subAccountId: string) => [...inSubAccount(subAccountId), 'tags'] as const,
  lookup: (subAccountId: string) => [...tagKeys.all(subAccountId), 'lookup'] as const,
  settings: (subAccountId: string) => [...tagKeys.all(subAccountId), 'settings'] as const,
};

export const smartListKeys = {
  list: (subAccountId: string) => [...inSubAccount(subAccountId), 'smart-lists'] as const,
};
