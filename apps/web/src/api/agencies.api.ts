import { request, type Page } from './client.ts';

export type Agency = {
  id: string;
  name: string;
  plan: string;
  status: string;
  whiteLabel: unknown;
};

export type SubAccountStatus = 'active' | 'archived';

export type SubAccount = {
  id: string;
  agencyId: string;
  name: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  timezone: string;
  defaultCountry: string;
  status: SubAccountStatus;
  archivedAt: string | null;
  createdAt: string;
};

export type CreateSubAccountInput = {
  name: string;
  timezone: string;
  defaultCountry: string;
  email?: string;
  phone?: string;
  website?: string;
};

export type UpdateSubAccountInput = Partial<CreateSubAccountInput>;

export type SubAccountQuery = { search?: string; status?: SubAccountStatus; cursor?: string; limit?: number };

export const agenciesApi = {
  get: (agencyId: string) => request<Agency>(`/api/v1/agencies/${agencyId}`),
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
