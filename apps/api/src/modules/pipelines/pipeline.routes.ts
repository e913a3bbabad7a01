import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import {
  createPipelineBody,
  createStageBody,
  deleteStageQuery,
  listLostReasonsQuery,
  listPipelinesQuery,
  lostReasonBody,
  lostReasonParams,
  lostReasonSchema,
  pipelineParams,
  pipelineSchema,
  reorderStagesBody,
  stageParams,
  updateLostReasonBody,
  updatePipelineBody,
  updateStageBody,
} from './pipeline.schemas.ts';
import * as pipelines from './pipeline.service.ts';

export function registerPipelineRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['pipelines'];
  const base = '/api/v1/sub-accounts/:subAccountId/pipelines';
  const itemParams = subAccountParams.extend(pipelineParams.shape);
  const stageItemParams = subAccountParams.extend(stageParams.shape);
  const reasons = '/api/v1/sub-accounts/:subAccountId/lost-reasons';
  const reasonParams = subAccountParams.extend(lostReasonParams.shape);

  app.get(
    base,
    {
      schema: {
        tags,
        params: subAccountParams,
        querystring: listPipelinesQuery,
        response: { 200: pageOf(pipelineSchema) },
      },
    },
    (req) => inScope(req, (ctx) => pipelines.listPipelines(ctx, req.query)),
  );
  app.post(
    base,
    {
      schema: { tags, params: subAccountParams, body: createPipelineBody, response: { 201: pipelineSchema } },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => pipelines.createPipeline(ctx, req.body))),
  );
  app.get(
    `${base}/:pipelineId`,
    { schema: { tags, params: itemParams, response: { 200: pipelineSchema } } },
    (req) => inScope(req, (ctx) => pipelines.getPipeline(ctx, req.params.pipelineId)),
  );
  app.patch(
    `${base}/:pipelineId`,
    { schema: { tags, params: itemParams, body: updatePipelineBody, response: { 200: pipelineSchema } } },
    (req) => inScope(req, (ctx) => pipelines.updatePipeline(ctx, req.params.pipelineId, req.body)),
  );
  app.delete(
    `${base}/:pipelineId`,
    { schema: { tags, params: itemParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await inScope(req, (ctx) => pipelines.deletePipeline(ctx, req.params.pipelineId));
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${base}/:pipelineId/stages`,
    { schema: { tags, params: itemParams, body: createStageBody, response: { 201: pipelineSchema } } },
    async (req, reply) =>
      reply
        .status(201)
        .send(await inScope(req, (ctx) => pipelines.addStage(ctx, req.params.pipelineId, req.body))),
  );
  app.put(
    `${base}/:pipelineId/stages/order`,
    { schema: { tags, params: itemParams, body: reorderStagesBody, response: { 200: pipelineSchema } } },
    (req) => inScope(req, (ctx) => pipelines.reorderStages(ctx, req.params.pipelineId, req.body.stageIds)),
  );
  app.patch(
    `${base}/:pipelineId/stages/:stageId`,
    { schema: { tags, params: stageItemParams, body: updateStageBody, response: { 200: pipelineSchema } } },
    (req) =>
      inScope(req, (ctx) => pipelines.updateStage(ctx, req.params.pipelineId, req.params.stageId, req.body)),
  );
  app.delete(
    `${base}/:pipelineId/stages/:stageId`,
    {
      schema: {
        tags,
        params: stageItemParams,
        querystring: deleteStageQuery,
        response: { 200: pipelineSchema },
      },
    },
    (req) =>
      inScope(req, (ctx) =>
        pipelines.removeStage(ctx, req.params.pipelineId, req.params.stageId, req.query.moveToStageId),
      ),
  );

  app.get(
    reasons,
    {
      schema: {
        tags,
        params: subAccountParams,
        querystring: listLostReasonsQuery,
        response: { 200: pageOf(lostReasonSchema) },
      },
    },
    (req) => inScope(req, (ctx) => pipelines.listLostReasons(ctx, req.query)),
  );
  app.post(
    reasons,
    { schema: { tags, params: subAccountParams, body: lostReasonBody, response: { 201: lostReasonSchema } } },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => pipelines.createLostReason(ctx, req.body))),
  );
  app.patch(
    `${reasons}/:lostReasonId`,
    {
      schema: { tags, params: reasonParams, body: updateLostReasonBody, response: { 200: lostReasonSchema } },
    },
    (req) => inScope(req, (ctx) => pipelines.updateLostReason(ctx, req.params.lostReasonId, req.body)),
  );
  app.delete(
    `${reasons}/:lostReasonId`,
    { schema: { tags, params: reasonParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await inScope(req, (ctx) => pipelines.deleteLostReason(ctx, req.params.lostReasonId));
      return reply.status(204).send(null);
    },
  );
}
