import { request, type Page } from './client.ts';
import type { ContactFilter } from './contacts.api.ts';

import type { CreateSmartListInput, SmartList, UpdateSmartListInput } from './contract.ts';

export type { CreateSmartListInput, SmartList, UpdateSmartListInput };

const base = (subAccountId: string) => `/api/v1/sub-accounts/${subAccountId}/smart-lists`;

/** The API stores a smart list's filter only after validating it as the filter language. */
export const smartListFilter = (list: SmartList): ContactFilter => list.filter as ContactFilter;

export const smartListsApi = {
  list: (subAccountId: string, query: { cursor?: string; limit?: number } = {}) =>
    request<Page<SmartList>>(base(subAccountId), { query }),
  create: (subAccountId: string, input: CreateSmartListInput) =>
    request<SmartList>(base(subAccountId), { method: 'POST', body: input }),
  update: (subAccountId: string, id: string, input: UpdateSmartListInput) =>
    request<SmartList>(`${base(subAccountId)}/${id}`, { method: 'PATCH', body: input }),
  remove: (subAccountId: string, id: string) =>
    request<void>(`${base(subAccountId)}/${id}`, { method: 'DELETE' }),
};
