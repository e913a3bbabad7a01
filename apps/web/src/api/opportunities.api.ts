import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

export type Opportunity = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}',
  'get'
>;
export type CreateOpportunityInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/opportunities', 'post'>;
export type UpsertOpportunityInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/opportunities/upsert',
  'post'
>;
export type UpsertOpportunityResult = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/opportunities/upsert',
  'post'
>;
export type UpdateOpportunityInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}',
  'patch'
>;
export type BulkOpportunitiesInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/opportunities/bulk',
  'post'
>;
export type BulkOpportunitiesResult = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/opportunities/bulk',
  'post'
>;
export type OpportunityHistory = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/history',
  'get'
>;
export type OpportunityHistoryEntry = OpportunityHistory['items'][number];
export type OpportunityQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/opportunities', 'get'>;
/** The filters of a list, a board or a column (tag ids comma-separated). */
export type OpportunityFilters = Omit<OpportunityQuery, 'cursor' | 'limit'>;
export type BoardQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/board', 'get'>;
type ColumnQuery = ApiQuery<
  '/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/stages/{stageId}/opportunities',
  'get'
>;
export type Board = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/board', 'get'>;
export type BoardColumn = Board['columns'][number];
export type MoneyTotal = BoardColumn['totals'][number];
/** A sum of minor units as an exact decimal string (it may exceed the largest exact JS number). */
export type MoneySum = MoneyTotal['value'];
export type OpportunityStatus = Opportunity['status'];
export type BulkOpportunityAction = BulkOpportunitiesInput['action'];
type NotesQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/notes', 'get'>;
type NoteInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/notes', 'post'>;
type TasksQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/tasks', 'get'>;
type TaskInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/tasks', 'post'>;

/** The strong ETag of a version, as the API sends it and expects back in If-Match. */
export const versionTag = (version: number) => `"${version}"`;

const one = (subAccountId: string, opportunityId: string) => ({ path: { subAccountId, opportunityId } });

export const opportunitiesApi = {
  list: (subAccountId: string, query: OpportunityQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/opportunities', {
      params: { path: { subAccountId }, query },
    }),
  get: (subAccountId: string, opportunityId: string) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}', {
      params: one(subAccountId, opportunityId),
    }),
  create: (subAccountId: string, input: CreateOpportunityInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/opportunities', {
      params: { path: { subAccountId } },
      body: input,
    }),
  /** The contact's opportunity in the pipeline is updated, or a new one is created. */
  upsert: (subAccountId: string, input: UpsertOpportunityInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/opportunities/upsert', {
      params: { path: { subAccountId } },
      body: input,
    }),
  /**
   * With `version`, the API refuses (412) a write over a change someone else made since that
   * version was read, instead of silently overwriting it.
   */
  update: (subAccountId: string, opportunityId: string, input: UpdateOpportunityInput, version?: number) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}', {
      params: {
        ...one(subAccountId, opportunityId),
        header: version === undefined ? undefined : { 'if-match': versionTag(version) },
      },
      body: input,
    }),
  remove: (subAccountId: string, opportunityId: string) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}', {
      params: one(subAccountId, opportunityId),
    }),
  restore: (subAccountId: string, opportunityId: string) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/restore', {
      params: one(subAccountId, opportunityId),
    }),
  bulk: (subAccountId: string, input: BulkOpportunitiesInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/opportunities/bulk', {
      params: { path: { subAccountId } },
      body: input,
    }),
  history: (subAccountId: string, opportunityId: string) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/history', {
      params: one(subAccountId, opportunityId),
    }),

  /** Every stage's count, totals and first cards, filtered alike. */
  board: (subAccountId: string, pipelineId: string, query: BoardQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/board', {
      params: { path: { subAccountId, pipelineId }, query },
    }),
  /** The next cards of one board column, with the board's filters. */
  column: (subAccountId: string, pipelineId: string, stageId: string, query: ColumnQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/stages/{stageId}/opportunities', {
      params: { path: { subAccountId, pipelineId, stageId }, query },
    }),

  // Notes and tasks of an opportunity are its contact's notes and tasks tied to it: listed and
  // created here, changed through the contact's notes and tasks APIs.
  notes: (subAccountId: string, opportunityId: string, query: NotesQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/notes', {
      params: { ...one(subAccountId, opportunityId), query },
    }),
  createNote: (subAccountId: string, opportunityId: string, input: NoteInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/notes', {
      params: one(subAccountId, opportunityId),
      body: input,
    }),
  tasks: (subAccountId: string, opportunityId: string, query: TasksQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/tasks', {
      params: { ...one(subAccountId, opportunityId), query },
    }),
  createTask: (subAccountId: string, opportunityId: string, input: TaskInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/opportunities/{opportunityId}/tasks', {
      params: one(subAccountId, opportunityId),
      body: input,
    }),
};
