import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

export type Note = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/notes/{noteId}',
  'get'
>;
export type CreateNoteInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/notes',
  'post'
>;
export type UpdateNoteInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/notes/{noteId}',
  'patch'
>;
type ListQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/notes', 'get'>;

export const notesApi = {
  list: (subAccountId: string, contactId: string, query: ListQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/notes', {
      params: { path: { subAccountId, contactId }, query },
    }),
  create: (subAccountId: string, contactId: string, input: CreateNoteInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/notes', {
      params: { path: { subAccountId, contactId } },
      body: input,
    }),
  update: (subAccountId: string, contactId: string, noteId: string, input: UpdateNoteInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/notes/{noteId}', {
      params: { path: { subAccountId, contactId, noteId } },
      body: input,
    }),
  remove: (subAccountId: string, contactId: string, noteId: string) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/notes/{noteId}', {
      params: { path: { subAccountId, contactId, noteId } },
    }),
};
