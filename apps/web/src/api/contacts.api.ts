import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

const search = '/api/v1/sub-accounts/{subAccountId}/contacts/search' as const;
const one = '/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}' as const;
const bulkOne = '/api/v1/sub-accounts/{subAccountId}/contacts/bulk/{bulkActionId}' as const;
const tags = '/api/v1/sub-accounts/{subAccountId}/tags' as const;
const tag = '/api/v1/sub-accounts/{subAccountId}/tags/{tagId}' as const;

export type Contact = ApiResponse<typeof one, 'get'>;
export type CreateContactInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/contacts', 'post'>;
export type UpdateContactInput = ApiBody<typeof one, 'patch'>;
export type SearchContactsInput = ApiBody<typeof search, 'post'>;
export type ContactSearchPage = ApiResponse<typeof search, 'post'>;
/** The filter language: search, smart lists, bulk actions and export all take it. */
export type ContactFilter = NonNullable<SearchContactsInput['filter']>;
export type CustomFieldCondition = NonNullable<ContactFilter['customFields']>[number];
export type ContactSourceCounts = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/contacts/source-counts',
  'get'
>;
export type TimelineItem = ApiResponse<`${typeof one}/timeline`, 'get'>['items'][number];
export type ContactTagsInput = ApiBody<`${typeof one}/tags`, 'post'>;
export type BulkAction = ApiResponse<typeof bulkOne, 'get'>;
export type CreateBulkActionInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/contacts/bulk', 'post'>;
export type ExportContactsInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/contacts/export', 'post'>;
export type TagWithCount = ApiResponse<typeof tag, 'patch'>;
export type CreateTagInput = ApiBody<typeof tags, 'post'>;
export type UpdateTagInput = ApiBody<typeof tag, 'patch'>;
type TagListQuery = ApiQuery<typeof tags, 'get'>;

export type ContactStatus = Contact['status'];
export type ContactType = Contact['type'];
export type Tag = Contact['tags'][number];
type ConsentCondition = Exclude<NonNullable<ContactFilter['consent']>, unknown[]>;
export type ConsentChannel = ConsentCondition['channel'];
export type ConsentStatus = NonNullable<Contact['consent'][string]>['status'];

const at = (subAccountId: string, contactId: string) => ({ path: { subAccountId, contactId } });

export const contactsApi = {
  /** The full filter language, one page, with a total count. */
  search: (subAccountId: string, input: SearchContactsInput) =>
    api.post(search, { params: { path: { subAccountId } }, body: input }),
  /** Live contacts per source (null: none), most first, each exact up to 1,000. */
  sourceCounts: (subAccountId: string) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/contacts/source-counts', {
      params: { path: { subAccountId } },
    }),
  get: (subAccountId: string, contactId: string) => api.get(one, { params: at(subAccountId, contactId) }),
  create: (subAccountId: string, input: CreateContactInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contacts', {
      params: { path: { subAccountId } },
      body: input,
    }),
  /** Live contacts already using this email or phone: the form's check while typing. */
  duplicates: (subAccountId: string, query: { email?: string; phone?: string }) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/contacts/duplicates', {
      params: { path: { subAccountId }, query },
    }),
  /** Folds the duplicate into the survivor (notes, tasks, opportunities, tags) and trashes it. */
  mergeInto: (subAccountId: string, survivorId: string, duplicateId: string) =>
    api.post(`${one}/merge`, { params: at(subAccountId, survivorId), body: { duplicateId } }),
  update: (subAccountId: string, contactId: string, input: UpdateContactInput) =>
    api.patch(one, { params: at(subAccountId, contactId), body: input }),
  remove: (subAccountId: string, contactId: string) =>
    api.delete(one, { params: at(subAccountId, contactId) }),
  /** Tags by id, or by name (names that do not exist yet are created). */
  addTags: (subAccountId: string, contactId: string, input: ContactTagsInput) =>
    api.post(`${one}/tags`, { params: at(subAccountId, contactId), body: input }),
  removeTags: (subAccountId: string, contactId: string, tagIds: string[]) =>
    api.delete(`${one}/tags`, { params: at(subAccountId, contactId), body: { tagIds } }),
  timeline: (subAccountId: string, contactId: string, cursor?: string) =>
    api.get(`${one}/timeline`, { params: { ...at(subAccountId, contactId), query: { cursor } } }),
  startBulk: (subAccountId: string, input: CreateBulkActionInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contacts/bulk', {
      params: { path: { subAccountId } },
      body: input,
    }),
  bulk: (subAccountId: string, bulkActionId: string) =>
    api.get(bulkOne, { params: { path: { subAccountId, bulkActionId } } }),
  /** The CSV as a Blob (the API streams it; the browser saves it). */
  exportCsv: (subAccountId: string, input: ExportContactsInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contacts/export', {
      params: { path: { subAccountId } },
      body: input,
      headers: { accept: 'text/csv, application/problem+json' },
      parseAs: 'blob',
    }),
};

export const tagsApi = {
  list: (subAccountId: string, query: TagListQuery = {}) =>
    api.get(tags, { params: { path: { subAccountId }, query } }),
  create: (subAccountId: string, input: CreateTagInput) =>
    api.post(tags, { params: { path: { subAccountId } }, body: input }),
  update: (subAccountId: string, tagId: string, input: UpdateTagInput) =>
    api.patch(tag, { params: { path: { subAccountId, tagId } }, body: input }),
  merge: (subAccountId: string, tagId: string, intoTagId: string) =>
    api.post(`${tag}/merge`, { params: { path: { subAccountId, tagId } }, body: { intoTagId } }),
  remove: (subAccountId: string, tagId: string) =>
    api.delete(tag, { params: { path: { subAccountId, tagId } } }),
};
