import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import { pipelineParams, stageParams } from '../pipelines/index.ts';
import {
  boardQuery,
  boardSchema,
  bulkOpportunitiesBody,
  bulkResultSchema,
  createOpportunityBody,
  historySchema,
  ifMatchHeaders,
  listOpportunitiesQuery,
  opportunityParams,
  opportunitySchema,
  updateOpportunityBody,
  upsertOpportunityBody,
  upsertOpportunityResponse,
} from './opportunity.schemas.ts';
import * as opportunities from './opportunity.service.ts';

export function registerOpportunityRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['opportunities'];
  const base = '/api/v1/sub-accounts/:subAccountId/opportunities';
  const itemParams = subAccountParams.extend(opportunityParams.shape);
  const pipelineBase = '/api/v1/sub-accounts/:subAccountId/pipelines/:pipelineId';
  // The version as an entity tag, so a client can send it back as If-Match.
  const etag = (view: { version: number }) => `"${view.version}"`;

  app.get(
    base,
    {
      schema: {
        summary: 'List opportunities',
        description:
          'Newest first, filtered by pipeline, stage, contact, status, assignee, value and more. Needs `opportunities:read`.',
        tags,
        params: subAccountParams,
        querystring: listOpportunitiesQuery,
        response: { 200: pageOf(opportunitySchema) },
      },
    },
    (req) => inScope(req, (ctx) => opportunities.listOpportunities(ctx, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        summary: 'Create an opportunity',
        description:
          'In a stage of a pipeline, for a contact, with a value in minor units and a currency. Needs `opportunities:create`.',
        tags,
        params: subAccountParams,
        body: createOpportunityBody,
        response: { 201: opportunitySchema },
      },
    },
    async (req, reply) => {
      const view = await inScope(req, (ctx) => opportunities.createOpportunity(ctx, req.body));
      return reply.status(201).header('etag', etag(view)).send(view);
    },
  );
  app.post(
    `${base}/upsert`,
    {
      schema: {
        summary: 'Create or update an opportunity',
        description:
          "GoHighLevel-style: the contact's live opportunity in the pipeline (open ones first, then newest) is updated, else one is created; 201 when created, 200 when updated. Needs `opportunities:create`.",
        tags,
        params: subAccountParams,
        body: upsertOpportunityBody,
        response: { 200: upsertOpportunityResponse, 201: upsertOpportunityResponse },
      },
    },
    async (req, reply) => {
      const result = await inScope(req, (ctx) => opportunities.upsertOpportunity(ctx, req.body));
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
  app.post(
    `${base}/bulk`,
    {
      schema: {
        summary: 'Move, assign or change the status of several opportunities',
        description:
          'Up to 1,000 ids at once, in one transaction, each through the same checks, history and events as a single change; one id that is not a live opportunity refuses the whole batch. Needs `opportunities:update`.',
        tags,
        params: subAccountParams,
        body: bulkOpportunitiesBody,
        response: { 200: bulkResultSchema },
      },
    },
    (req) => inScope(req, (ctx) => opportunities.bulkUpdate(ctx, req.body)),
  );
  app.get(
    `${base}/:opportunityId`,
    {
      schema: {
        summary: 'Get an opportunity',
        description:
          "Its ETag is its version: send it back as If-Match to refuse overwriting someone else's change. Needs `opportunities:read`.",
        tags,
        params: itemParams,
        response: { 200: opportunitySchema },
      },
    },
    async (req, reply) => {
      const view = await inScope(req, (ctx) => opportunities.getOpportunity(ctx, req.params.opportunityId));
      return reply.header('etag', etag(view)).send(view);
    },
  );
  app.patch(
    `${base}/:opportunityId`,
    {
      schema: {
        summary: 'Change or move an opportunity',
        description:
          'Stage, status (won, lost with a reason, abandoned, reopened), value, assignee, followers, fields. With If-Match, a stale version answers 412 with the current ETag. Needs `opportunities:update`.',
        tags,
        params: itemParams,
        headers: ifMatchHeaders,
        body: updateOpportunityBody,
        response: { 200: opportunitySchema },
      },
    },
    async (req, reply) => {
      const expected = opportunities.versionOf(req.headers['if-match']);
      const view = await inScope(req, (ctx) =>
        opportunities.updateOpportunity(ctx, req.params.opportunityId, req.body, expected),
      );
      return reply.header('etag', etag(view)).send(view);
    },
  );
  app.delete(
    `${base}/:opportunityId`,
    {
      schema: {
        summary: 'Move an opportunity to the trash',
        description: 'Recoverable with restore. Needs `opportunities:delete`.',
        tags,
        params: itemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inScope(req, (ctx) => opportunities.deleteOpportunity(ctx, req.params.opportunityId));
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${base}/:opportunityId/restore`,
    {
      schema: {
        summary: 'Restore an opportunity from the trash',
        description: 'Needs `opportunities:delete`.',
        tags,
        params: itemParams,
        response: { 200: opportunitySchema },
      },
    },
    (req) => inScope(req, (ctx) => opportunities.restoreOpportunity(ctx, req.params.opportunityId)),
  );
  app.get(
    `${base}/:opportunityId/history`,
    {
      schema: {
        summary: "An opportunity's stage history",
        description:
          'Every stage, status and value change, kept by the database, newest first, with the time spent in the stage it left. Needs `opportunities:read`.',
        tags,
        params: itemParams,
        response: { 200: historySchema },
      },
    },
    (req) => inScope(req, (ctx) => opportunities.opportunityHistory(ctx, req.params.opportunityId)),
  );
  app.get(
    `${pipelineBase}/board`,
    {
      schema: {
        summary: 'The pipeline board',
        description:
          'Every stage with its count, totals and weighted totals per currency (exact decimal strings) and its first cards, filtered alike. Needs `opportunities:read`.',
        tags,
        params: subAccountParams.extend(pipelineParams.shape),
        querystring: boardQuery,
        response: { 200: boardSchema },
      },
    },
    (req) => inScope(req, (ctx) => opportunities.getBoard(ctx, req.params.pipelineId, req.query)),
  );
  app.get(
    `${pipelineBase}/stages/:stageId/opportunities`,
    {
      schema: {
        summary: 'One column of the board, page by page',
        description:
          "The cards of one stage, newest first, with the board's filters. Needs `opportunities:read`.",
        tags,
        params: subAccountParams.extend(stageParams.shape),
        querystring: boardQuery.extend({ cursor: pageQuery.shape.cursor }),
        response: { 200: pageOf(opportunitySchema) },
      },
    },
    (req) =>
      inScope(req, (ctx) =>
        opportunities.listColumn(ctx, req.params.pipelineId, req.params.stageId, req.query),
      ),
  );
}
