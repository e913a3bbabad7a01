import type { BoardQuery } from '../../api/opportunities.api.ts';
import type { PipelineMetricsQuery } from '../../api/pipelines.api.ts';

export const opportunityKeys = {
  /** Every opportunity query (boards, columns, lists, one opportunity, history, metrics). */
  all: (subAccountId: string) => ['sub_account', subAccountId, 'opportunities'] as const,
  board: (subAccountId: string, pipelineId: string, filters: BoardQuery) =>
    [...opportunityKeys.all(subAccountId), 'board', pipelineId, filters] as const,
  list: (subAccountId: string, pipelineId: string, filters: BoardQuery) =>
    [...opportunityKeys.all(subAccountId), 'list', pipelineId, filters] as const,
  ofContact: (subAccountId: string, contactId: string) =>
    [...opportunityKeys.all(subAccountId), 'contact', contactId] as const,
  /** One opportunity; its history hangs below it. */
  detail: (subAccountId: string, opportunityId: string) =>
    [...opportunityKeys.all(subAccountId), 'one', opportunityId] as const,
  history: (subAccountId: string, opportunityId: string, version: number) =>
    [...opportunityKeys.detail(subAccountId, opportunityId), 'history', version] as const,
  /** Metrics move with every opportunity change, so they live under the same prefix. */
  metrics: (subAccountId: string, pipelineId: string | undefined, query: PipelineMetricsQuery) =>
    [...opportunityKeys.all(subAccountId), 'metrics', pipelineId, query] as const,
};
