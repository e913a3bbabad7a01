import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import {
  createPipelineBody,
  createStageBody,
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
        summary: 'List pipelines',
        description: 'In their order, each with its stages. Needs `pipelines:read`.',
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
      schema: {
        summary: 'Create a pipeline',
        description: 'With its ordered stages (win probability, rotting age). Needs `pipelines:create`.',
        tags,
        params: subAccountParams,
        body: createPipelineBody,
        response: { 201: pipelineSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => pipelines.createPipeline(ctx, req.body))),
  );
  app.get(
    `${base}/:pipelineId`,
    {
      schema: {
        summary: 'Get a pipeline',
        description: 'With its stages. Needs `pipelines:read`.',
        tags,
        params: itemParams,
        response: { 200: pipelineSchema },
      },
    },
    (req) => inScope(req, (ctx) => pipelines.getPipeline(ctx, req.params.pipelineId)),
  );
  app.patch(
    `${base}/:pipelineId`,
    {
      schema: {
        summary: 'Change a pipeline',
        description: 'Its name or position. Needs `pipelines:update`.',
        tags,
        params: itemParams,
        body: updatePipelineBody,
        response: { 200: pipelineSchema },
      },
    },
    (req) => inScope(req, (ctx) => pipelines.updatePipeline(ctx, req.params.pipelineId, req.body)),
  );
  app.post(
    `${base}/:pipelineId/stages`,
    {
      schema: {
        summary: 'Add a stage',
        description: 'At a position, with a win probability and a rotting age. Needs `pipelines:update`.',
        tags,
        params: itemParams,
        body: createStageBody,
        response: { 201: pipelineSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await inScope(req, (ctx) => pipelines.addStage(ctx, req.params.pipelineId, req.body))),
  );
  app.put(
    `${base}/:pipelineId/stages/order`,
    {
      schema: {
        summary: 'Reorder the stages',
        description: 'Every stage id, in the new order. Needs `pipelines:update`.',
        tags,
        params: itemParams,
        body: reorderStagesBody,
        response: { 200: pipelineSchema },
      },
    },
    (req) => inScope(req, (ctx) => pipelines.reorderStages(ctx, req.params.pipelineId, req.body.stageIds)),
  );
  app.patch(
    `${base}/:pipelineId/stages/:stageId`,
    {
      schema: {
        summary: 'Change a stage',
        description: 'Name, win probability, rotting age. Needs `pipelines:update`.',
        tags,
        params: stageItemParams,
        body: updateStageBody,
        response: { 200: pipelineSchema },
      },
    },
    (req) =>
      inScope(req, (ctx) => pipelines.updateStage(ctx, req.params.pipelineId, req.params.stageId, req.body)),
  );

  app.get(
    reasons,
    {
      schema: {
        summary: 'List lost reasons',
        description: 'In their order. Needs `opportunities:read`.',
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
    {
      schema: {
        summary: 'Create a lost reason',
        description: 'Names are unique in the sub-account. Needs `pipelines:update`.',
        tags,
        params: subAccountParams,
        body: lostReasonBody,
        response: { 201: lostReasonSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => pipelines.createLostReason(ctx, req.body))),
  );
  app.patch(
    `${reasons}/:lostReasonId`,
    {
      schema: {
        summary: 'Change a lost reason',
        description: 'Needs `pipelines:update`.',
        tags,
        params: reasonParams,
        body: updateLostReasonBody,
        response: { 200: lostReasonSchema },
      },
    },
    (req) => inScope(req, (ctx) => pipelines.updateLostReason(ctx, req.params.lostReasonId, req.body)),
  );
}
