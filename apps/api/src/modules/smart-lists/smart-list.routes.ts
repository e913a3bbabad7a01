import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import { contactSearchPage } from '../contacts/index.ts';
import {
  createSmartListBody,
  listSmartListsQuery,
  smartListContactsQuery,
  smartListParams,
  smartListSchema,
  updateSmartListBody,
} from './smart-list.schemas.ts';
import * as smartLists from './smart-list.service.ts';

export function registerSmartListRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['smart lists'];
  const base = '/api/v1/sub-accounts/:subAccountId/smart-lists';
  const itemParams = subAccountParams.extend(smartListParams.shape);

  app.get(
    base,
    {
      schema: {
        summary: 'List smart lists',
        description: "Shared lists and the caller's private ones, by name. Needs `contacts:read`.",
        tags,
        params: subAccountParams,
        querystring: listSmartListsQuery,
        response: { 200: pageOf(smartListSchema) },
      },
    },
    (req) => inScope(req, (ctx) => smartLists.listSmartLists(ctx, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        summary: 'Create a smart list',
        description:
          'A saved filter, shared or private to its owner (API keys create shared lists), whose members are kept up to date as contacts change, with entered and exited events. Needs `contacts:create`.',
        tags,
        params: subAccountParams,
        body: createSmartListBody,
        response: { 201: smartListSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => smartLists.createSmartList(ctx, req.body))),
  );
  app.get(
    `${base}/:smartListId`,
    {
      schema: {
        summary: 'Get a smart list',
        description: 'Its filter and visibility. Needs `contacts:read`.',
        tags,
        params: itemParams,
        response: { 200: smartListSchema },
      },
    },
    (req) => inScope(req, (ctx) => smartLists.getSmartList(ctx, req.params.smartListId)),
  );
  app.patch(
    `${base}/:smartListId`,
    {
      schema: {
        summary: 'Change a smart list',
        description: 'A new filter rebuilds its membership in the background. Needs `contacts:update`.',
        tags,
        params: itemParams,
        body: updateSmartListBody,
        response: { 200: smartListSchema },
      },
    },
    (req) => inScope(req, (ctx) => smartLists.updateSmartList(ctx, req.params.smartListId, req.body)),
  );
  app.delete(
    `${base}/:smartListId`,
    {
      schema: {
        summary: 'Delete a smart list',
        description: 'The contacts stay. Needs `contacts:delete`.',
        tags,
        params: itemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) =>
      reply
        .status(204)
        .send(
          await inScope(req, (ctx) => smartLists.deleteSmartList(ctx, req.params.smartListId)).then(
            () => null,
          ),
        ),
  );
  app.get(
    `${base}/:smartListId/contacts`,
    {
      schema: {
        summary: "List a smart list's contacts",
        description: 'Page by page. Needs `contacts:read`.',
        tags,
        params: itemParams,
        querystring: smartListContactsQuery,
        response: { 200: contactSearchPage },
      },
    },
    (req) => inScope(req, (ctx) => smartLists.smartListContacts(ctx, req.params.smartListId, req.query)),
  );
}
