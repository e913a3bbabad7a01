import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import {
  contactSearchPage,
  contactSourceCounts,
  listContactsQuery,
  searchContactsBody,
} from './contact-search.schemas.ts';
import * as search from './contact-search.service.ts';

export function registerContactSearchRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];
  const base = '/api/v1/sub-accounts/:subAccountId/contacts';

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List contacts: search box, simple filters, sort, cursor',
        description:
          'Newest first by default, or sorted by creation or update time, name, email, lead score or a custom field. Needs `contacts:read`.',
        params: subAccountParams,
        querystring: listContactsQuery,
        response: { 200: contactSearchPage },
      },
    },
    (req) => inScope(req, (ctx) => search.listContacts(ctx, req.query)),
  );
  app.post(
    `${base}/search`,
    {
      schema: {
        tags,
        summary: 'Search contacts with the full filter language',
        description:
          'Conditions on fields, custom fields, tags, smart lists, dates and consent, combined with and/or; the same language as smart lists. Needs `contacts:read`.',
        params: subAccountParams,
        body: searchContactsBody,
        response: { 200: contactSearchPage },
      },
    },
    (req) => inScope(req, (ctx) => search.searchContacts(ctx, req.body)),
  );
  app.get(
    `${base}/source-counts`,
    {
      schema: {
        tags,
        summary: 'Live contacts per source (and without one), most first; exact up to 1,000 each',
        description: 'For the sources chart. Needs `contacts:read`.',
        params: subAccountParams,
        response: { 200: contactSourceCounts },
      },
    },
    (req) => inScope(req, (ctx) => search.contactSourceCounts(ctx)),
  );
}
