import { request, type Page } from './client.ts';

import type {
  Agency,
  CreateSubAccountInput,
  SubAccount,
  SubAccountQuery,
  UpdateAgencyInput,
  UpdateSubAccountInput,
  WhiteLabel,
} from './contract.ts';

/** PATCH replaces `whiteLabel` as a whole: send every field that should stay. Email, phone and
 * website of a sub-account are cleared with null. */
export type {
  Agency,
  CreateSubAccountInput,
  SubAccount,
  SubAccountQuery,
  UpdateAgencyInput,
  UpdateSubAccountInput,
  WhiteLabel,
};
/** The list filter: active or archived. */
export type SubAccountStatus = NonNullable<SubAccountQuery['status']>;

export const agenciesApi = {
  get: (agencyId: string) => request<Agency>(`/api/v1/agencies/${agencyId}`),
  update: (agencyId: string, input: UpdateAgencyInput) =>
    request<Agency>(`/api/v1/agencies/${agencyId}`, { method: 'PATCH', body: input }),
  subAccounts: (agencyId: string, query: SubAccountQuery = {}) =>
    request<Page<SubAccount>>(`/api/v1/agencies/${agencyId}/sub-accounts`, { query }),
  createSubAccount: (agencyId: string, input: CreateSubAccountInput) =>
    request<SubAccount>(`/api/v1/agencies/${agencyId}/sub-accounts`, { method: 'POST', body: input }),
};

export const subAccountsApi = {
  get: (subAccountId: string) => request<SubAccount>(`/api/v1/sub-accounts/${subAccountId}`),
  update: (subAccountId: string, input: UpdateSubAccountInput) =>
    request<SubAccount>(`/api/v1/sub-accounts/${subAccountId}`, { method: 'PATCH', body: input }),
  archive: (subAccountId: string) =>
    request<SubAccount>(`/api/v1/sub-accounts/${subAccountId}/archive`, { method: 'POST' }),
  restore: (subAccountId: string) =>
    request<SubAccount>(`/api/v1/sub-accounts/${subAccountId}/restore`, { method: 'POST' }),
};
