import type { PipelineCards } from '../pipelines/index.ts';
import * as repo from './opportunity-cards.repository.ts';

/**
 * The opportunities' side of removing a pipeline, a stage or a lost reason: pipelines decides
 * whether it may go and where the cards move; these touch the cards. Called inside the removal's
 * transaction, whose permission pipelines has checked.
 */
export const pipelineCards: PipelineCards = {
  count: (ctx, where) => repo.countCards(ctx.subAccountId, where),
  moveStage: (ctx, fromStageId, toStageId) => repo.moveStageCards(ctx.subAccountId, fromStageId, toStageId),
  purgeTrashed: (ctx, pipelineId) => repo.purgeTrashedCards(ctx.subAccountId, pipelineId),
  countLostWithReason: (ctx, lostReasonId) => repo.countLostWithReason(ctx.subAccountId, lostReasonId),
};
