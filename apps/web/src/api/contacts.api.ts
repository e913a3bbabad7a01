import { ApiError, request, type Page, type Problem } from './client.ts';

import type {
  BulkAction,
  Contact,
  ContactFilter,
  ContactSearchPage,
  ContactSourceCounts,
  ContactTagsInput,
  CreateBulkActionInput,
  CreateContactInput,
  CreateTagInput,
  CustomFieldCondition,
  ExportContactsInput,
  SearchContactsInput,
  TagWithCount,
  TimelineItem,
  UpdateContactInput,
  UpdateTagInput,
} from './contract.ts';

export type {
  BulkAction,
  Contact,
  ContactFilter,
  ContactSearchPage,
  ContactSourceCounts,
  ContactTagsInput,
  CreateBulkActionInput,
  CreateContactInput,
  CreateTagInput,
  CustomFieldCondition,
  ExportContactsInput,
  SearchContactsInput,
  TagWithCount,
  TimelineItem,
  UpdateContactInput,
  UpdateTagInput,
};
export type ContactStatus = Contact['status'];
export type ContactType = Contact['type'];
export type Tag = Contact['tags'][number];
export type ConsentChannel = keyof Contact['consent'];
export type ConsentStatus = NonNullable<Contact['consent'][ConsentChannel]>['status'];

const base = (subAccountId: string) => `/api/v1/sub-accounts/${subAccountId}`;

export const contactsApi = {
  /** The full filter language, one page, with a total count. */
  search: (subAccountId: string, input: SearchContactsInput) =>
    request<ContactSearchPage>(`${base(subAccountId)}/contacts/search`, { method: 'POST', body: input }),
  /** Live contacts per source (null: none), most first, each exact up to 1,000. */
  sourceCounts: (subAccountId: string) =>
    request<ContactSourceCounts>(`${base(subAccountId)}/contacts/source-counts`),
  get: (subAccountId: string, id: string) => request<Contact>(`${base(subAccountId)}/contacts/${id}`),
  create: (subAccountId: string, input: CreateContactInput) =>
    request<Contact>(`${base(subAccountId)}/contacts`, { method: 'POST', body: input }),
  update: (subAccountId: string, id: string, input: UpdateContactInput) =>
    request<Contact>(`${base(subAccountId)}/contacts/${id}`, { method: 'PATCH', body: input }),
  remove: (subAccountId: string, id: string) =>
    request<void>(`${base(subAccountId)}/contacts/${id}`, { method: 'DELETE' }),
  /** Tags by id, or by name (names that do not exist yet are created). */
  addTags: (subAccountId: string, id: string, input: ContactTagsInput) =>
    request<Contact>(`${base(subAccountId)}/contacts/${id}/tags`, { method: 'POST', body: input }),
  removeTags: (subAccountId: string, id: string, tagIds: string[]) =>
    request<Contact>(`${base(subAccountId)}/contacts/${id}/tags`, { method: 'DELETE', body: { tagIds } }),
  timeline: (subAccountId: string, id: string, cursor?: string) =>
    request<Page<TimelineItem>>(`${base(subAccountId)}/contacts/${id}/timeline`, { query: { cursor } }),
  startBulk: (subAccountId: string, input: CreateBulkActionInput) =>
    request<BulkAction>(`${base(subAccountId)}/contacts/bulk`, { method: 'POST', body: input }),
  bulk: (subAccountId: string, id: string) =>
    request<BulkAction>(`${base(subAccountId)}/contacts/bulk/${id}`),
  /** The CSV as a Blob (the API streams it; the browser saves it). */
  exportCsv: async (subAccountId: string, input: ExportContactsInput): Promise<Blob> => {
    const response = await fetch(`${base(subAccountId)}/contacts/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv, application/problem+json' },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as Partial<Problem>;
      throw new ApiError({
        type: problem.type ?? 'about:blank',
        title: problem.title ?? 'Export failed',
        status: response.status,
        detail: problem.detail ?? `The server answered ${response.status}.`,
        errors: problem.errors,
      });
    }
    return response.blob();
  },
};

export const tagsApi = {
  list: (subAccountId: string, query: { cursor?: string; limit?: number } = {}) =>
    request<Page<TagWithCount>>(`${base(subAccountId)}/tags`, { query }),
  create: (subAccountId: string, input: CreateTagInput) =>
    request<TagWithCount>(`${base(subAccountId)}/tags`, { method: 'POST', body: input }),
  update: (subAccountId: string, id: string, input: UpdateTagInput) =>
    request<TagWithCount>(`${base(subAccountId)}/tags/${id}`, { method: 'PATCH', body: input }),
  merge: (subAccountId: string, id: string, intoTagId: string) =>
    request<TagWithCount>(`${base(subAccountId)}/tags/${id}/merge`, { method: 'POST', body: { intoTagId } }),
  remove: (subAccountId: string, id: string) =>
    request<void>(`${base(subAccountId)}/tags/${id}`, { method: 'DELETE' }),
};
