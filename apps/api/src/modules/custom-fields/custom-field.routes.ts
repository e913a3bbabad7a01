import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import * as customFields from './custom-field.service.ts';
import {
  createCustomFieldBody,
  customFieldParams,
  customFieldSchema,
  deleteCustomFieldQuery,
  listCustomFieldsQuery,
  updateCustomFieldBody,
} from './custom-field.schemas.ts';

export function registerCustomFieldRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['custom fields'];
  const base = '/api/v1/sub-accounts/:subAccountId/custom-fields';
  const itemParams = subAccountParams.extend(customFieldParams.shape);

  app.get(
    base,
    {
      schema: {
        tags,
        params: subAccountParams,
        querystring: listCustomFieldsQuery,
        response: { 200: pageOf(customFieldSchema) },
      },
    },
    (req) => inScope(req, (ctx) => customFields.listCustomFieldsPage(ctx, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        params: subAccountParams,
        body: createCustomFieldBody,
        response: { 201: customFieldSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => customFields.createCustomField(ctx, req.body))),
  );
  app.get(
    `${base}/:customFieldId`,
    { schema: { tags, params: itemParams, response: { 200: customFieldSchema } } },
    (req) => inScope(req, (ctx) => customFields.getCustomField(ctx, req.params.customFieldId)),
  );
  app.patch(
    `${base}/:customFieldId`,
    {
      schema: { tags, params: itemParams, body: updateCustomFieldBody, response: { 200: customFieldSchema } },
    },
    (req) => inScope(req, (ctx) => customFields.updateCustomField(ctx, req.params.customFieldId, req.body)),
  );
  app.delete(
    `${base}/:customFieldId`,
    {
      schema: { tags, params: itemParams, querystring: deleteCustomFieldQuery, response: { 204: z.null() } },
    },
    async (req, reply) =>
      reply
        .status(204)
        .send(
          await inScope(req, (ctx) =>
            customFields.deleteCustomField(ctx, req.params.customFieldId, req.query),
          ).then(() => null),
        ),
  );
}
