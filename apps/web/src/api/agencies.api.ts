import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

export type Agency = ApiResponse<'/api/v1/agencies/{agencyId}', 'get'>;
export type WhiteLabel = Agency['whiteLabel'];
/** PATCH replaces `whiteLabel` as a whole: send every field that should stay. */
export type UpdateAgencyInput = ApiBody<'/api/v1/agencies/{agencyId}', 'patch'>;
export type SubAccount = ApiResponse<'/api/v1/sub-accounts/{subAccountId}', 'get'>;
export type CreateSubAccountInput = ApiBody<'/api/v1/agencies/{agencyId}/sub-accounts', 'post'>;
/** Email, phone and website of a sub-account are cleared with null. */
export type UpdateSubAccountInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}', 'patch'>;
export type SubAccountQuery = ApiQuery<'/api/v1/agencies/{agencyId}/sub-accounts', 'get'>;
/** The list filter: active or archived. */
export type SubAccountStatus = NonNullable<SubAccountQuery['status']>;

export const agenciesApi = {
  get: (agencyId: string) => api.get('/api/v1/agencies/{agencyId}', { params: { path: { agencyId } } }),
  update: (agencyId: string, input: UpdateAgencyInput) =>
    api.patch('/api/v1/agencies/{agencyId}', { params: { path: { agencyId } }, body: input }),
  subAccounts: (agencyId: string, query: SubAccountQuery = {}) =>
    api.get('/api/v1/agencies/{agencyId}/sub-accounts', { params: { path: { agencyId }, query } }),
  createSubAccount: (agencyId: string, input: CreateSubAccountInput) =>
    api.post('/api/v1/agencies/{agencyId}/sub-accounts', { params: { path: { agencyId } }, body: input }),
};

export const subAccountsApi = {
  get: (subAccountId: string) =>
    api.get('/api/v1/sub-accounts/{subAccountId}', { params: { path: { subAccountId } } }),
  update: (subAccountId: string, input: UpdateSubAccountInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}', { params: { path: { subAccountId } }, body: input }),
  archive: (subAccountId: string) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/archive', { params: { path: { subAccountId } } }),
  restore: (subAccountId: string) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/restore', { params: { path: { subAccountId } } }),
};
