import { request, type Page } from './client.ts';

import type { CreateNoteInput, Note, UpdateNoteInput } from './contract.ts';

export type { CreateNoteInput, Note, UpdateNoteInput };

const base = (subAccountId: string, contactId: string) =>
  `/api/v1/sub-accounts/${subAccountId}/contacts/${contactId}/notes`;

export const notesApi = {
  list: (subAccountId: string, contactId: string, query: { cursor?: string; limit?: number } = {}) =>
    request<Page<Note>>(base(subAccountId, contactId), { query }),
  create: (subAccountId: string, contactId: string, input: CreateNoteInput) =>
    request<Note>(base(subAccountId, contactId), { method: 'POST', body: input }),
  update: (subAccountId: string, contactId: string, id: string, input: UpdateNoteInput) =>
    request<Note>(`${base(subAccountId, contactId)}/${id}`, { method: 'PATCH', body: input }),
  remove: (subAccountId: string, contactId: string, id: string) =>
    request<void>(`${base(subAccountId, contactId)}/${id}`, { method: 'DELETE' }),
};
