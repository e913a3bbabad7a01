import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../platform/access/access.ts';
import { subAccountParams } from '../platform/http/schemas.ts';
import {
  deleteStageQuery,
  lostReasonParams,
  pipelineParams,
  pipelineSchema,
  stageParams,
} from '../modules/pipelines/index.ts';
import { deleteLostReason, deletePipeline, removeStage } from './remove-pipeline-parts.ts';

export function registerRemovePipelinePartsRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['pipelines'];
  const base = '/api/v1/sub-accounts/:subAccountId/pipelines';

  app.delete(
    `${base}/:pipelineId`,
    {
      schema: {
        summary: 'Delete a pipeline',
        description:
          'Refused with 409 while it holds live opportunities; move or delete them first. Needs `pipelines:delete`.',
        tags,
        params: subAccountParams.extend(pipelineParams.shape),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inScope(req, (ctx) => deletePipeline(ctx, req.params.pipelineId));
      return reply.status(204).send(null);
    },
  );
  app.delete(
    `${base}/:pipelineId/stages/:stageId`,
    {
      schema: {
        summary: 'Remove a stage',
        description:
          'Refused with 409 while it holds cards, unless `moveToStageId` names another stage of the pipeline to move them to; a pipeline keeps at least one stage. Needs `pipelines:update`.',
        tags,
        params: subAccountParams.extend(stageParams.shape),
        querystring: deleteStageQuery,
        response: { 200: pipelineSchema },
      },
    },
    (req) =>
      inScope(req, (ctx) =>
        removeStage(ctx, req.params.pipelineId, req.params.stageId, req.query.moveToStageId),
      ),
  );
  app.delete(
    '/api/v1/sub-accounts/:subAccountId/lost-reasons/:lostReasonId',
    {
      schema: {
        summary: 'Delete a lost reason',
        description:
          'Refused with 409 while lost opportunities give it; rename it instead. Needs `pipelines:update`.',
        tags,
        params: subAccountParams.extend(lostReasonParams.shape),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inScope(req, (ctx) => deleteLostReason(ctx, req.params.lostReasonId));
      return reply.status(204).send(null);
    },
  );
}
