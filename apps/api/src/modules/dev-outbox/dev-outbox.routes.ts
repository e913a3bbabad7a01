import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireUser } from '../../platform/auth/principal.ts';
import { tenantsWherePermitted } from '../access/index.ts';
import type { DevOutboxReader } from './dev-outbox.repository.ts';
import { getDevOutboxMessage, listDevOutbox } from './dev-outbox.service.ts';
import {
  devOutboxListQuerySchema,
  devOutboxListResponseSchema,
  devOutboxMessageParamsSchema,
  devOutboxMessageSchema,
} from './dev-outbox.schemas.ts';

/**
 * Platform administrators read every message; other people what was sent by the agencies and
 * sub-accounts where they hold settings:read (an invitation from their tenant, not a password reset).
 */
async function readerOf(request: FastifyRequest): Promise<DevOutboxReader> {
  const user = requireUser(request);
  if (user.isPlatformAdmin) return { everything: true };
  return { everything: false, ...(await tenantsWherePermitted(user.userId, 'settings:read')) };
}

/** Mounted only while the dev providers are in use; for logged-in people, never API keys. */
export function registerDevOutboxRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['dev outbox'];
  app.get(
    '/api/v1/dev-outbox',
    {
      schema: {
        summary: 'List messages kept by the dev providers',
        description:
          'Only while a dev provider is configured. Platform administrators see everything; anyone else what their agencies and sub-accounts sent where they hold `settings:read` (never password resets). Signed-in people only, never API keys.',
        tags,
        querystring: devOutboxListQuerySchema,
        response: { 200: devOutboxListResponseSchema },
      },
    },
    async (req) => listDevOutbox(await readerOf(req), req.query),
  );
  app.get(
    '/api/v1/dev-outbox/:id',
    {
      schema: {
        summary: 'Read one message kept by the dev providers',
        description: 'A message the caller may not see answers 404.',
        tags,
        params: devOutboxMessageParamsSchema,
        response: { 200: devOutboxMessageSchema },
      },
    },
    async (req) => getDevOutboxMessage(await readerOf(req), req.params.id),
  );
}
