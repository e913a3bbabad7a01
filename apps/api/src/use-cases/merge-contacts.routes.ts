import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../platform/access/access.ts';
import { contactParams, subAccountParams } from '../platform/http/schemas.ts';
import { contactSchema, mergeContactBody } from '../modules/contacts/index.ts';
import { mergeContacts } from './merge-contacts.ts';

export function registerMergeContactsRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/v1/sub-accounts/:subAccountId/contacts/:contactId/merge',
    {
      schema: {
        summary: 'Merge another contact into this one',
        description:
          "Moves the duplicate's notes, tasks, opportunities and tags here, fills this contact's empty fields from it, and moves the duplicate to the trash. Needs `contacts:update`.",
        tags: ['contacts'],
        params: subAccountParams.extend(contactParams.shape),
        body: mergeContactBody,
        response: { 200: contactSchema },
      },
    },
    (req) => inScope(req, (ctx) => mergeContacts(ctx, req.params.contactId, req.body)),
  );
}
