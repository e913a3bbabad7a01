import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import { contactParams } from '../contacts/index.ts';
import { timelineItemSchema, timelineQuery } from './timeline.schemas.ts';
import * as timeline from './timeline.service.ts';

export function registerTimelineRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/sub-accounts/:subAccountId/contacts/:contactId/timeline',
    {
      schema: {
        summary: "A contact's timeline",
        description:
          'What happened to the contact, newest first, limited to what the caller may see: activities about opportunities (and notes and tasks on them) need `opportunities:read`. Needs `contacts:read`.',
        tags: ['contacts'],
        params: subAccountParams.extend(contactParams.shape),
        querystring: timelineQuery,
        response: { 200: pageOf(timelineItemSchema) },
      },
    },
    (req) => inScope(req, (ctx) => timeline.contactTimeline(ctx, req.params.contactId, req.query)),
  );
}
