import { allPages, request, type Page } from './client.ts';

import type {
  AgencyPipelines,
  AgencyPipelinesQuery,
  CreatePipelineInput,
  CreateStageInput,
  LostReason,
  LostReasonInput,
  OutcomeBucket,
  Pipeline,
  PipelineMetrics,
  PipelineMetricsQuery,
  PipelineStage,
  StageMetrics,
  UpdateLostReasonInput,
  UpdatePipelineInput,
  UpdateStageInput,
  UserMetrics,
} from './contract.ts';

export type {
  AgencyPipelines,
  AgencyPipelinesQuery,
  CreatePipelineInput,
  CreateStageInput,
  LostReason,
  LostReasonInput,
  OutcomeBucket,
  Pipeline,
  PipelineMetrics,
  PipelineMetricsQuery,
  PipelineStage,
  StageMetrics,
  UpdateLostReasonInput,
  UpdatePipelineInput,
  UpdateStageInput,
  UserMetrics,
};

const sub = (subAccountId: string) => `/api/v1/sub-accounts/${subAccountId}`;
const pipelineBase = (subAccountId: string) => `${sub(subAccountId)}/pipelines`;
const stagesBase = (subAccountId: string, pipelineId: string) =>
  `${pipelineBase(subAccountId)}/${pipelineId}/stages`;

export const pipelinesApi = {
  list: (subAccountId: string, query: { cursor?: string; limit?: number } = {}) =>
    request<Page<Pipeline>>(pipelineBase(subAccountId), { query }),
  get: (subAccountId: string, pipelineId: string) =>
    request<Pipeline>(`${pipelineBase(subAccountId)}/${pipelineId}`),
  create: (subAccountId: string, input: CreatePipelineInput) =>
    request<Pipeline>(pipelineBase(subAccountId), { method: 'POST', body: input }),
  update: (subAccountId: string, pipelineId: string, input: UpdatePipelineInput) =>
    request<Pipeline>(`${pipelineBase(subAccountId)}/${pipelineId}`, { method: 'PATCH', body: input }),
  /** Refused (409) while the pipeline holds opportunities. */
  remove: (subAccountId: string, pipelineId: string) =>
    request<void>(`${pipelineBase(subAccountId)}/${pipelineId}`, { method: 'DELETE' }),
  addStage: (subAccountId: string, pipelineId: string, input: CreateStageInput) =>
    request<Pipeline>(stagesBase(subAccountId, pipelineId), { method: 'POST', body: input }),
  updateStage: (subAccountId: string, pipelineId: string, stageId: string, input: UpdateStageInput) =>
    request<Pipeline>(`${stagesBase(subAccountId, pipelineId)}/${stageId}`, {
      method: 'PATCH',
      body: input,
    }),
  /** Refused (409) when the stage holds opportunities and `moveToStageId` does not say where they go. */
  removeStage: (subAccountId: string, pipelineId: string, stageId: string, moveToStageId?: string) =>
    request<Pipeline>(`${stagesBase(subAccountId, pipelineId)}/${stageId}`, {
      method: 'DELETE',
      query: { moveToStageId },
    }),
  reorderStages: (subAccountId: string, pipelineId: string, stageIds: string[]) =>
    request<Pipeline>(`${stagesBase(subAccountId, pipelineId)}/order`, {
      method: 'PUT',
      body: { stageIds },
    }),
  /** Open cards per stage now; entries, conversions, time in stage, won and lost over a period. */
  metrics: (subAccountId: string, pipelineId: string, query: PipelineMetricsQuery = {}) =>
    request<PipelineMetrics>(`${pipelineBase(subAccountId)}/${pipelineId}/metrics`, { query }),
  /** Every pipeline of the agency's sub-accounts: open now, won and lost over a period. */
  agencySummary: (agencyId: string, query: AgencyPipelinesQuery = {}) =>
    request<AgencyPipelines>(`/api/v1/agencies/${agencyId}/pipeline-summary`, { query }),
};

const lostReasonsBase = (subAccountId: string) => `${sub(subAccountId)}/lost-reasons`;

export const lostReasonsApi = {
  /** All of them (a sub-account keeps a short list), in their order. */
  list: (subAccountId: string) =>
    allPages((cursor) =>
      request<Page<LostReason>>(lostReasonsBase(subAccountId), { query: { cursor, limit: 200 } }),
    ),
  create: (subAccountId: string, input: LostReasonInput) =>
    request<LostReason>(lostReasonsBase(subAccountId), { method: 'POST', body: input }),
  update: (subAccountId: string, id: string, input: UpdateLostReasonInput) =>
    request<LostReason>(`${lostReasonsBase(subAccountId)}/${id}`, { method: 'PATCH', body: input }),
  remove: (subAccountId: string, id: string) =>
    request<void>(`${lostReasonsBase(subAccountId)}/${id}`, { method: 'DELETE' }),
};
