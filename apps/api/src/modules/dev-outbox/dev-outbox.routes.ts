import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireUser } from '../../platform/auth/principal.ts';
import { getDevOutboxMessage, listDevOutbox } from './dev-outbox.service.ts';
import {
  devOutboxListQuerySchema,
  devOutboxListResponseSchema,
  devOutboxMessageParamsSchema,
  devOutboxMessageSchema,
} from './dev-outbox.schemas.ts';

/** Mounted only while the dev providers are in use; any logged-in person may read it. */
export function registerDevOutboxRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['dev outbox'];
  app.get(
    '/api/v1/dev-outbox',
    {
      schema: { tags, querystring: devOutboxListQuerySchema, response: { 200: devOutboxListResponseSchema } },
    },
    (req) => {
      requireUser(req);
      return listDevOutbox(req.query);
    },
  );
  app.get(
    '/api/v1/dev-outbox/:id',
    { schema: { tags, params: devOutboxMessageParamsSchema, response: { 200: devOutboxMessageSchema } } },
    (req) => {
      requireUser(req);
      return getDevOutboxMessage(req.params.id);
    },
  );
}
