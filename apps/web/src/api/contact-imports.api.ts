import { api, apiUrl, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

export type ContactImport = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/contact-imports/{importId}',
  'get'
>;
export type UpdateContactImportInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/contact-imports/{importId}',
  'patch'
>;
export type DuplicatePolicy = ContactImport['duplicatePolicy'];
export type ImportStatus = ContactImport['status'];
type ListQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/contact-imports', 'get'>;

export const contactImportsApi = {
  /** The upload is the file itself as the request body (text/csv), not JSON, so it streams. */
  upload: (subAccountId: string, file: File) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contact-imports', {
      params: { path: { subAccountId }, query: { fileName: file.name } },
      upload: { data: file, contentType: 'text/csv' },
    }),
  list: (subAccountId: string, query: ListQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/contact-imports', {
      params: { path: { subAccountId }, query },
    }),
  get: (subAccountId: string, importId: string) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/contact-imports/{importId}', {
      params: { path: { subAccountId, importId } },
    }),
  update: (subAccountId: string, importId: string, input: UpdateContactImportInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/contact-imports/{importId}', {
      params: { path: { subAccountId, importId } },
      body: input,
    }),
  start: (subAccountId: string, importId: string) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contact-imports/{importId}/start', {
      params: { path: { subAccountId, importId } },
    }),
  errorReportUrl: (subAccountId: string, importId: string) =>
    apiUrl('/api/v1/sub-accounts/{subAccountId}/contact-imports/{importId}/errors.csv', {
      subAccountId,
      importId,
    }),
};
