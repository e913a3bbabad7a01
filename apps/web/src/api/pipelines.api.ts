import { allPages, api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

export type Pipeline = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}', 'get'>;
export type PipelineStage = Pipeline['stages'][number];
export type CreatePipelineInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/pipelines', 'post'>;
export type UpdatePipelineInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}',
  'patch'
>;
export type CreateStageInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/stages',
  'post'
>;
export type UpdateStageInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/stages/{stageId}',
  'patch'
>;
export type LostReason = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/lost-reasons/{lostReasonId}',
  'patch'
>;
export type LostReasonInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/lost-reasons', 'post'>;
export type UpdateLostReasonInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/lost-reasons/{lostReasonId}',
  'patch'
>;
export type PipelineMetrics = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/metrics',
  'get'
>;
export type PipelineMetricsQuery = ApiQuery<
  '/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/metrics',
  'get'
>;
export type StageMetrics = PipelineMetrics['stages'][number];
export type UserMetrics = PipelineMetrics['byUser'][number];
export type OutcomeBucket = PipelineMetrics['outcomes'][number];
export type AgencyPipelines = ApiResponse<'/api/v1/agencies/{agencyId}/pipeline-summary', 'get'>;
export type AgencyPipelinesQuery = ApiQuery<'/api/v1/agencies/{agencyId}/pipeline-summary', 'get'>;
type ListQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/pipelines', 'get'>;

const stage = (subAccountId: string, pipelineId: string, stageId: string) => ({
  path: { subAccountId, pipelineId, stageId },
});

export const pipelinesApi = {
  list: (subAccountId: string, query: ListQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/pipelines', { params: { path: { subAccountId }, query } }),
  get: (subAccountId: string, pipelineId: string) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}', {
      params: { path: { subAccountId, pipelineId } },
    }),
  create: (subAccountId: string, input: CreatePipelineInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/pipelines', {
      params: { path: { subAccountId } },
      body: input,
    }),
  update: (subAccountId: string, pipelineId: string, input: UpdatePipelineInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}', {
      params: { path: { subAccountId, pipelineId } },
      body: input,
    }),
  /** Refused (409) while the pipeline holds opportunities. */
  remove: (subAccountId: string, pipelineId: string) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}', {
      params: { path: { subAccountId, pipelineId } },
    }),
  addStage: (subAccountId: string, pipelineId: string, input: CreateStageInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/stages', {
      params: { path: { subAccountId, pipelineId } },
      body: input,
    }),
  updateStage: (subAccountId: string, pipelineId: string, stageId: string, input: UpdateStageInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/stages/{stageId}', {
      params: stage(subAccountId, pipelineId, stageId),
      body: input,
    }),
  /** Refused (409) when the stage holds opportunities and `moveToStageId` does not say where they go. */
  removeStage: (subAccountId: string, pipelineId: string, stageId: string, moveToStageId?: string) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/stages/{stageId}', {
      params: { ...stage(subAccountId, pipelineId, stageId), query: { moveToStageId } },
    }),
  reorderStages: (subAccountId: string, pipelineId: string, stageIds: string[]) =>
    api.put('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/stages/order', {
      params: { path: { subAccountId, pipelineId } },
      body: { stageIds },
    }),
  /** Open cards per stage now; entries, conversions, time in stage, won and lost over a period. */
  metrics: (subAccountId: string, pipelineId: string, query: PipelineMetricsQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/pipelines/{pipelineId}/metrics', {
      params: { path: { subAccountId, pipelineId }, query },
    }),
  /** Every pipeline of the agency's sub-accounts: open now, won and lost over a period. */
  agencySummary: (agencyId: string, query: AgencyPipelinesQuery = {}) =>
    api.get('/api/v1/agencies/{agencyId}/pipeline-summary', { params: { path: { agencyId }, query } }),
};

export const lostReasonsApi = {
  /** All of them (a sub-account keeps a short list), in their order. */
  list: (subAccountId: string) =>
    allPages((cursor) =>
      api.get('/api/v1/sub-accounts/{subAccountId}/lost-reasons', {
        params: { path: { subAccountId }, query: { cursor, limit: 200 } },
      }),
    ),
  create: (subAccountId: string, input: LostReasonInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/lost-reasons', {
      params: { path: { subAccountId } },
      body: input,
    }),
  update: (subAccountId: string, lostReasonId: string, input: UpdateLostReasonInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/lost-reasons/{lostReasonId}', {
      params: { path: { subAccountId, lostReasonId } },
      body: input,
    }),
  remove: (subAccountId: string, lostReasonId: string) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/lost-reasons/{lostReasonId}', {
      params: { path: { subAccountId, lostReasonId } },
    }),
};
