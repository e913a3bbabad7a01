import { request, type Page } from './client.ts';

import type { CreateCustomFieldInput, CustomField, UpdateCustomFieldInput } from './contract.ts';

export type { CreateCustomFieldInput, CustomField, UpdateCustomFieldInput };
export type CustomFieldType = CustomField['type'];
export type CustomFieldObjectType = CustomField['objectType'];

const base = (subAccountId: string) => `/api/v1/sub-accounts/${subAccountId}/custom-fields`;

export const customFieldsApi = {
  list: (
    subAccountId: string,
    query: { objectType?: CustomFieldObjectType; cursor?: string; limit?: number } = {},
  ) => request<Page<CustomField>>(base(subAccountId), { query: { objectType: 'contact', ...query } }),
  create: (subAccountId: string, input: CreateCustomFieldInput) =>
    request<CustomField>(base(subAccountId), { method: 'POST', body: input }),
  update: (subAccountId: string, id: string, input: UpdateCustomFieldInput) =>
    request<CustomField>(`${base(subAccountId)}/${id}`, { method: 'PATCH', body: input }),
  /** The API refuses to delete a field that holds values unless `confirm` is true. */
  remove: (subAccountId: string, id: string, confirm = false) =>
    request<void>(`${base(subAccountId)}/${id}`, {
      method: 'DELETE',
      query: { confirm: confirm ? 'true' : undefined },
    }),
};
