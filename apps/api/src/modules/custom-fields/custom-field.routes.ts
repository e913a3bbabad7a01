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
        summary: 'List custom fields',
        description: 'Of one object type (contact or opportunity), in their order. Needs `settings:read`.',
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
        summary: 'Create a custom field',
        description:
          'Typed (text, number, date, date-time, yes/no, single or multiple choice, phone, email, URL...), optionally required, unique or filterable (filterable fields get an index). Needs `settings:create`.',
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
    {
      schema: {
        summary: 'Get a custom field',
        description: 'Needs `settings:read`.',
        tags,
        params: itemParams,
        response: { 200: customFieldSchema },
      },
    },
    (req) => inScope(req, (ctx) => customFields.getCustomField(ctx, req.params.customFieldId)),
  );
  app.patch(
    `${base}/:customFieldId`,
    {
      schema: {
        summary: 'Change a custom field',
        description:
          'Retyping, re-keying or changing options converts every stored value when all convert, else 409 with the count and an example, and nothing changes. Needs `settings:update`.',
        tags,
        params: itemParams,
        body: updateCustomFieldBody,
        response: { 200: customFieldSchema },
      },
    },
    (req) => inScope(req, (ctx) => customFields.updateCustomField(ctx, req.params.customFieldId, req.body)),
  );
  app.delete(
    `${base}/:customFieldId`,
    {
      schema: {
        summary: 'Delete a custom field',
        description:
          'Refused with 409 while values exist, unless `confirm=true`, which removes them from every record. Needs `settings:delete`.',
        tags,
        params: itemParams,
        querystring: deleteCustomFieldQuery,
        response: { 204: z.null() },
      },
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
