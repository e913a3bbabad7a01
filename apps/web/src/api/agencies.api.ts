import { request, type Page } from './client.ts';

/** How an agency presents the product to its clients; every field is optional. */
export type WhiteLabel = {
  brandName?: string;
  logoUrl?: string;
  /** `#rrggbb` */
  primaryColor?: string;
  supportEmail?: string;
};

export type Agency = {
  id: string;
  name: string;
  plan: string;
  status: string;
  whiteLabel: WhiteLabel;
  createdAt: string;
};

/** PATCH replaces `whiteLabel` as a whole: send every field that should stay. */
export type UpdateAgencyInput = { name?: string; whiteLabel?: WhiteLabel };

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
  updatedAt: string;
};

export type CreateSubAccountInput = {
  name: string;
  timezone: string;
  defaultCountry: string;
  email?: string;
  phone?: string;
  website?: string;
};

/** Email, phone and website are cleared with null. */
export type UpdateSubAccountInput = {
  name?: string;
  timezone?: string;
  defaultCountry?: string;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
};

export type SubAccountQuery = { search?: string; status?: SubAccountStatus; cursor?: string; limit?: number };

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
