import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { accessCheckpoint } from '../../platform/auth/access-cache.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { SCOPES } from '../../platform/http/scopes.ts';
import * as apiKeys from './api-key.service.ts';
import {
  apiKeyParams,
  apiKeySchema,
  createApiKeyBody,
  createdApiKey,
  listApiKeysQuery,
} from './api-key.schemas.ts';

/** The API key's principal (Authorization: Bearer, or X-Api-Key): the module's credential resolver. */
export async function apiKeyPrincipal(request: FastifyRequest) {
  const header = request.headers.authorization;
  const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key'];
  if (typeof presented !== 'string' || presented.length === 0) return undefined;
  await accessCheckpoint(request);
  return apiKeys.principalForApiKey(presented);
}

export function registerApiKeyRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  for (const { prefix, params } of SCOPES) {
    const tags = ['api keys'];
    app.get(
      `${prefix}/api-keys`,
      {
        schema: {
          summary: 'List API keys',
          description:
            'Newest first, with role, last use, expiry and revocation; never the secret. Needs `api_keys:read`.',
          tags,
          params,
          querystring: listApiKeysQuery,
          response: { 200: pageOf(apiKeySchema) },
        },
      },
      (req) => inScope(req, (ctx) => apiKeys.listApiKeys(ctx, req.query)),
    );
    app.post(
      `${prefix}/api-keys`,
      {
        schema: {
          summary: 'Create an API key',
          description:
            'With a role the caller could give. The secret (`olk_...`) is in this response only: it is stored as a hash, and a repeated Idempotency-Key answers 409 instead of showing it again. Needs `api_keys:create`.',
          tags,
          params,
          body: createApiKeyBody,
          response: { 201: createdApiKey },
        },
        config: { responseHoldsSecret: true },
      },
      async (req, reply) =>
        reply.status(201).send(await inScope(req, (ctx) => apiKeys.createApiKey(ctx, req.body))),
    );
    app.post(
      `${prefix}/api-keys/:apiKeyId/revoke`,
      {
        schema: {
          summary: 'Revoke an API key',
          description:
            "It stops working at once. Only a key whose role is within the caller's permissions. Needs `api_keys:delete`.",
          tags,
          params: params.extend(apiKeyParams.shape),
          response: { 200: apiKeySchema },
        },
      },
      (req) => inScope(req, (ctx) => apiKeys.revokeApiKey(ctx, req.params.apiKeyId)),
    );
  }
}
