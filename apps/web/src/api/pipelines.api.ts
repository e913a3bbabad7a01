import { request, type Page } from './client.ts';

import type {
  CreatePipelineInput,
  CreateStageInput,
  LostReason,
  LostReasonInput,
  Pipeline,
  PipelineStage,
  UpdateLostReasonInput,
  UpdatePipelineInput,
  UpdateStageInput,
} from './contract.ts';

export type {
  CreatePipelineInput,
  CreateStageInput,
  LostReason,
  LostReasonInput,
  Pipeline,
  PipelineStage,
  UpdateLostReasonInput,
  UpdatePipelineInput,
  UpdateStageInput,
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
    request<Pipeline | PipelineStage>(`${stagesBase(subAccountId, pipelineId)}/${stageId}`, {
      method: 'PATCH',
      body: input,
    }),
  /** Refused (409) when the stage holds opportunities and `moveToStageId` does not say where they go. */
  removeStage: (subAccountId: string, pipelineId: string, stageId: string, moveToStageId?: string) =>
    request<Pipeline | undefined>(`${stagesBase(subAccountId, pipelineId)}/${stageId}`, {
      method: 'DELETE',
      query: { moveToStageId },
    }),
  reorderStages: (subAccountId: string, pipelineId: string, stageIds: string[]) =>
    request<Pipeline>(`${stagesBase(subAccountId, pipelineId)}/order`, {
      method: 'PUT',
      body: { stageIds },
    }),
};

const lostReasonsBase = (subAccountId: string) => `${sub(subAccountId)}/lost-reasons`;

export const lostReasonsApi = {
  list: (subAccountId: string, query: { cursor?: string; limit?: number } = {}) =>
    request<Page<LostReason>>(lostReasonsBase(subAccountId), { query }),
  create: (subAccountId: string, input: LostReasonInput) =>
    request<LostReason>(lostReasonsBase(subAccountId), { method: 'POST', body: input }),
  update: (subAccountId: string, id: string, input: UpdateLostReasonInput) =>
    request<LostReason>(`${lostReasonsBase(subAccountId)}/${id}`, { method: 'PATCH', body: input }),
  remove: (subAccountId: string, id: string) =>
    request<void>(`${lostReasonsBase(subAccountId)}/${id}`, { method: 'DELETE' }),
};
