import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { registerPrincipalResolver } from '../../platform/auth/principal.ts';
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

async function apiKeyPrincipal(request: FastifyRequest) {
  const header = request.headers.authorization;
  const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.headers['x-api-key'];
  if (typeof presented !== 'string' || presented.length === 0) return undefined;
  return apiKeys.principalForApiKey(presented);
}

export function registerApiKeyRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerPrincipalResolver(apiKeyPrincipal);
  for (const { prefix, params, tag } of SCOPES) {
    const tags = [tag];
    app.get(
      `${prefix}/api-keys`,
      { schema: { tags, params, querystring: listApiKeysQuery, response: { 200: pageOf(apiKeySchema) } } },
      (req) => inScope(req, (ctx) => apiKeys.listApiKeys(ctx, req.query)),
    );
    app.post(
      `${prefix}/api-keys`,
      {
        schema: { tags, params, body: createApiKeyBody, response: { 201: createdApiKey } },
        config: { responseHoldsSecret: true },
      },
      async (req, reply) =>
        reply.status(201).send(await inScope(req, (ctx) => apiKeys.createApiKey(ctx, req.body))),
    );
    app.post(
      `${prefix}/api-keys/:apiKeyId/revoke`,
      { schema: { tags, params: params.extend(apiKeyParams.shape), response: { 200: apiKeySchema } } },
      (req) => inScope(req, (ctx) => apiKeys.revokeApiKey(ctx, req.params.apiKeyId)),
    );
  }
}
