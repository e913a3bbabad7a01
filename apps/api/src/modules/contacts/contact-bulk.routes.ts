import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import { bulkActionParams, bulkActionSchema, createBulkActionBody } from './contact-bulk.schemas.ts';
import * as bulk from './contact-bulk.service.ts';

export function registerContactBulkRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];
  const base = '/api/v1/sub-accounts/:subAccountId/contacts/bulk';

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Tag, untag, assign, change status or delete a selection or a filter, as a job',
        description:
          "Needs `contacts:update` (or `contacts:delete` for deletion); the job's progress is at the returned bulk action.",
        params: subAccountParams,
        body: createBulkActionBody,
        response: { 202: bulkActionSchema },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await inScope(req, (ctx) => bulk.createBulkAction(ctx, req.body))),
  );
  app.get(
    `${base}/:bulkActionId`,
    {
      schema: {
        tags,
        summary: "A bulk action's progress",
        description: 'Its status and progress. Needs `contacts:read`.',
        params: subAccountParams.extend(bulkActionParams.shape),
        response: { 200: bulkActionSchema },
      },
    },
    (req) => inScope(req, (ctx) => bulk.getBulkAction(ctx, req.params.bulkActionId)),
  );
}
