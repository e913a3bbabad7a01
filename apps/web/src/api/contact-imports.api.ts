import { ApiError, request, type Page, type Problem } from './client.ts';

import type { ContactImport, UpdateContactImportInput } from './contract.ts';

export type { ContactImport, UpdateContactImportInput };
export type DuplicatePolicy = ContactImport['duplicatePolicy'];
export type ImportStatus = ContactImport['status'];

const base = (subAccountId: string) => `/api/v1/sub-accounts/${subAccountId}/contact-imports`;

/** The upload is the file itself as the request body (text/csv), not JSON, so it streams. */
async function upload(subAccountId: string, file: File): Promise<ContactImport> {
  const response = await fetch(`${base(subAccountId)}?fileName=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', accept: 'application/json, application/problem+json' },
    body: file,
    credentials: 'same-origin',
  });
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const problem = (data ?? {}) as Partial<Problem>;
    throw new ApiError({
      type: problem.type ?? 'about:blank',
      title: problem.title ?? 'Upload failed',
      status: response.status,
      detail: problem.detail ?? `The server answered ${response.status}.`,
      errors: problem.errors,
    });
  }
  return data as ContactImport;
}

export const contactImportsApi = {
  upload,
  list: (subAccountId: string, query: { cursor?: string; limit?: number } = {}) =>
    request<Page<ContactImport>>(base(subAccountId), { query }),
  get: (subAccountId: string, id: string) => request<ContactImport>(`${base(subAccountId)}/${id}`),
  update: (subAccountId: string, id: string, input: UpdateContactImportInput) =>
    request<ContactImport>(`${base(subAccountId)}/${id}`, { method: 'PATCH', body: input }),
  start: (subAccountId: string, id: string) =>
    request<ContactImport>(`${base(subAccountId)}/${id}/start`, { method: 'POST' }),
  errorReportUrl: (subAccountId: string, id: string) => `${base(subAccountId)}/${id}/errors.csv`,
};
