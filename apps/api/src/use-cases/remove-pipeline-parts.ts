import type { SubAccountContext } from '../platform/access/access.ts';
import * as opportunities from '../modules/opportunities/index.ts';
import * as pipelines from '../modules/pipelines/index.ts';
import type { PipelineView } from '../modules/pipelines/index.ts';

/**
 * Removing a pipeline, a stage or a lost reason touches the opportunities in them: pipelines
 * decides (a pipeline with live cards stays, a stage's cards move where they are told, a reason
 * lost cards give stays) and opportunities counts, moves and purges its own rows, in the
 * request's one transaction.
 */
export function deletePipeline(ctx: SubAccountContext, pipelineId: string): Promise<void> {
  return pipelines.deletePipeline(ctx, pipelineId, opportunities.pipelineCards);
}

export function removeStage(
  ctx: SubAccountContext,
  pipelineId: string,
  stageId: string,
  moveToStageId: string | undefined,
): Promise<PipelineView> {
  return pipelines.removeStage(ctx, pipelineId, stageId, moveToStageId, opportunities.pipelineCards);
}

export function deleteLostReason(ctx: SubAccountContext, lostReasonId: string): Promise<void> {
  return pipelines.deleteLostReason(ctx, lostReasonId, opportunities.pipelineCards);
}
