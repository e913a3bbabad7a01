import { request, type Page } from './client.ts';

import type {
  Board,
  BoardColumn,
  BoardQuery,
  BulkOpportunitiesInput,
  BulkOpportunitiesResult,
  CreateNoteInput,
  CreateOpportunityInput,
  CreateTaskInput,
  MoneySum,
  MoneyTotal,
  Note,
  Opportunity,
  OpportunityFilters,
  OpportunityHistory,
  OpportunityHistoryEntry,
  OpportunityQuery,
  Task,
  UpdateOpportunityInput,
  UpsertOpportunityInput,
  UpsertOpportunityResult,
} from './contract.ts';

export type {
  Board,
  BoardColumn,
  BoardQuery,
  BulkOpportunitiesInput,
  BulkOpportunitiesResult,
  CreateOpportunityInput,
  MoneySum,
  MoneyTotal,
  Opportunity,
  OpportunityFilters,
  OpportunityHistory,
  OpportunityHistoryEntry,
  OpportunityQuery,
  UpdateOpportunityInput,
  UpsertOpportunityInput,
  UpsertOpportunityResult,
};
export type OpportunityStatus = Opportunity['status'];
export type BulkOpportunityAction = BulkOpportunitiesInput['action'];

const sub = (subAccountId: string) => `/api/v1/sub-accounts/${subAccountId}`;
const base = (subAccountId: string) => `${sub(subAccountId)}/opportunities`;
const one = (subAccountId: string, id: string) => `${base(subAccountId)}/${id}`;

/** The strong ETag of a version, as the API sends it and expects back in If-Match. */
export const versionTag = (version: number) => `"${version}"`;

export const opportunitiesApi = {
  list: (subAccountId: string, query: OpportunityQuery = {}) =>
    request<Page<Opportunity>>(base(subAccountId), { query }),
  get: (subAccountId: string, id: string) => request<Opportunity>(one(subAccountId, id)),
  create: (subAccountId: string, input: CreateOpportunityInput) =>
    request<Opportunity>(base(subAccountId), { method: 'POST', body: input }),
  /** The contact's opportunity in the pipeline is updated, or a new one is created. */
  upsert: (subAccountId: string, input: UpsertOpportunityInput) =>
    request<UpsertOpportunityResult>(`${base(subAccountId)}/upsert`, { method: 'POST', body: input }),
  /**
   * With `version`, the API refuses (412) a write over a change someone else made since that
   * version was read, instead of silently overwriting it.
   */
  update: (subAccountId: string, id: string, input: UpdateOpportunityInput, version?: number) =>
    request<Opportunity>(one(subAccountId, id), {
      method: 'PATCH',
      body: input,
      headers: version === undefined ? undefined : { 'if-match': versionTag(version) },
    }),
  remove: (subAccountId: string, id: string) => request<void>(one(subAccountId, id), { method: 'DELETE' }),
  restore: (subAccountId: string, id: string) =>
    request<Opportunity>(`${one(subAccountId, id)}/restore`, { method: 'POST' }),
  bulk: (subAccountId: string, input: BulkOpportunitiesInput) =>
    request<BulkOpportunitiesResult>(`${base(subAccountId)}/bulk`, { method: 'POST', body: input }),
  history: (subAccountId: string, id: string) =>
    request<OpportunityHistory>(`${one(subAccountId, id)}/history`),

  /** Every stage's count, totals and first cards, filtered alike. */
  board: (subAccountId: string, pipelineId: string, query: BoardQuery = {}) =>
    request<Board>(`${sub(subAccountId)}/pipelines/${pipelineId}/board`, { query }),
  /** The next cards of one board column, with the board's filters. */
  column: (
    subAccountId: string,
    pipelineId: string,
    stageId: string,
    query: BoardQuery & { cursor?: string } = {},
  ) =>
    request<Page<Opportunity>>(
      `${sub(subAccountId)}/pipelines/${pipelineId}/stages/${stageId}/opportunities`,
      { query },
    ),

  // Notes and tasks of an opportunity are its contact's notes and tasks tied to it: listed and
  // created here, changed through the contact's notes and tasks APIs.
  notes: (subAccountId: string, id: string, query: { cursor?: string; limit?: number } = {}) =>
    request<Page<Note>>(`${one(subAccountId, id)}/notes`, { query }),
  createNote: (subAccountId: string, id: string, input: CreateNoteInput) =>
    request<Note>(`${one(subAccountId, id)}/notes`, { method: 'POST', body: input }),
  tasks: (
    subAccountId: string,
    id: string,
    query: { status?: Task['status']; cursor?: string; limit?: number } = {},
  ) => request<Page<Task>>(`${one(subAccountId, id)}/tasks`, { query }),
  createTask: (subAccountId: string, id: string, input: CreateTaskInput) =>
    request<Task>(`${one(subAccountId, id)}/tasks`, { method: 'POST', body: input }),
};
