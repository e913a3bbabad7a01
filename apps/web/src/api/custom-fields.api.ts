import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

export type CustomField = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/custom-fields/{customFieldId}',
  'get'
>;
export type CreateCustomFieldInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/custom-fields', 'post'>;
export type UpdateCustomFieldInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/custom-fields/{customFieldId}',
  'patch'
>;
export type CustomFieldType = CustomField['type'];
export type CustomFieldObjectType = CustomField['objectType'];
type ListQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/custom-fields', 'get'>;

export const customFieldsApi = {
  list: (subAccountId: string, query: ListQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/custom-fields', {
      params: { path: { subAccountId }, query: { objectType: 'contact', ...query } },
    }),
  create: (subAccountId: string, input: CreateCustomFieldInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/custom-fields', {
      params: { path: { subAccountId } },
      body: input,
    }),
  update: (subAccountId: string, customFieldId: string, input: UpdateCustomFieldInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/custom-fields/{customFieldId}', {
      params: { path: { subAccountId, customFieldId } },
      body: input,
    }),
  /** The API refuses to delete a field that holds values unless `confirm` is true. */
  remove: (subAccountId: string, customFieldId: string, confirm = false) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/custom-fields/{customFieldId}', {
      params: { path: { subAccountId, customFieldId }, query: { confirm: confirm ? 'true' : undefined } },
    }),
};
