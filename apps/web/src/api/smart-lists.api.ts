import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';
import type { ContactFilter } from './contacts.api.ts';

export type SmartList = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/smart-lists/{smartListId}', 'get'>;
export type CreateSmartListInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/smart-lists', 'post'>;
export type UpdateSmartListInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/smart-lists/{smartListId}',
  'patch'
>;
type ListQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/smart-lists', 'get'>;

/** The API stores a smart list's filter only after validating it as the filter language. */
export const smartListFilter = (list: SmartList): ContactFilter => list.filter as ContactFilter;

export const smartListsApi = {
  list: (subAccountId: string, query: ListQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/smart-lists', { params: { path: { subAccountId }, query } }),
  create: (subAccountId: string, input: CreateSmartListInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/smart-lists', {
      params: { path: { subAccountId } },
      body: input,
    }),
  update: (subAccountId: string, smartListId: string, input: UpdateSmartListInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/smart-lists/{smartListId}', {
      params: { path: { subAccountId, smartListId } },
      body: input,
    }),
  remove: (subAccountId: string, smartListId: string) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/smart-lists/{smartListId}', {
      params: { path: { subAccountId, smartListId } },
    }),
};
