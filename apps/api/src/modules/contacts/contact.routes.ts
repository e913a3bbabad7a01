import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import * as contacts from './contact.service.ts';
import {
  contactDuplicatesQuery,
  contactDuplicatesResponse,
  contactParams,
  contactSchema,
  createContactBody,
  updateContactBody,
  upsertContactBody,
  upsertContactResponse,
} from './contact.schemas.ts';

/** One contact at a time; the list and search (GET .../contacts) live in contact-search.routes.ts. */
export function registerContactRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];
  const base = '/api/v1/sub-accounts/:subAccountId/contacts';
  const itemParams = subAccountParams.extend(contactParams.shape);

  app.post(
    base,
    {
      schema: {
        summary: 'Create a contact',
        description:
          'Phones are stored as E.164, emails lower-cased; custom fields are validated by their definitions. Needs `contacts:create`.',
        tags,
        params: subAccountParams,
        body: createContactBody,
        response: { 201: contactSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => contacts.createContact(ctx, req.body))),
  );
  app.post(
    `${base}/upsert`,
    {
      schema: {
        summary: 'Create or update a contact by email or phone',
        description:
          'GoHighLevel-style: an existing contact with the email or phone is updated (201 when created, 200 when updated). Needs `contacts:read` and `contacts:create` or `contacts:update`.',
        tags,
        params: subAccountParams,
        body: upsertContactBody,
        response: { 200: upsertContactResponse, 201: upsertContactResponse },
      },
    },
    async (req, reply) => {
      const result = await inScope(req, (ctx) => contacts.upsertContact(ctx, req.body));
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
  app.get(
    `${base}/duplicates`,
    {
      schema: {
        summary: 'Find contacts that already use an email or phone',
        description:
          'Live contacts with this email (ignoring case) or this phone (read in the sub-account country), email matches first, at most 5: what creating would refuse as a duplicate. Needs `contacts:read`.',
        tags,
        params: subAccountParams,
        querystring: contactDuplicatesQuery,
        response: { 200: contactDuplicatesResponse },
      },
    },
    (req) =>
      inScope(req, async (ctx) => ({
        matches: await contacts.findDuplicates(ctx, { email: req.query.email, phone: req.query.phone }),
      })),
  );
  app.get(
    `${base}/:contactId`,
    {
      schema: {
        summary: 'Get a contact',
        description: 'With its tags and custom fields. Needs `contacts:read`.',
        tags,
        params: itemParams,
        response: { 200: contactSchema },
      },
    },
    (req) => inScope(req, (ctx) => contacts.getContact(ctx, req.params.contactId)),
  );
  app.patch(
    `${base}/:contactId`,
    {
      schema: {
        summary: 'Change a contact',
        description: 'Only the fields sent. Needs `contacts:update`.',
        tags,
        params: itemParams,
        body: updateContactBody,
        response: { 200: contactSchema },
      },
    },
    (req) => inScope(req, (ctx) => contacts.updateContact(ctx, req.params.contactId, req.body)),
  );
  app.delete(
    `${base}/:contactId`,
    {
      schema: {
        summary: 'Move a contact to the trash',
        description: 'Recoverable with restore; purge deletes for good. Needs `contacts:delete`.',
        tags,
        params: itemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inScope(req, (ctx) => contacts.deleteContact(ctx, req.params.contactId));
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${base}/:contactId/restore`,
    {
      schema: {
        summary: 'Restore a contact from the trash',
        description: 'Needs `contacts:delete`.',
        tags,
        params: itemParams,
        response: { 200: contactSchema },
      },
    },
    (req) => inScope(req, (ctx) => contacts.restoreContact(ctx, req.params.contactId)),
  );
  app.post(
    `${base}/:contactId/purge`,
    {
      schema: {
        summary: 'Delete a contact for good',
        description:
          'Only a contact in the trash; its notes, tasks and tags go with it. Needs `contacts:delete`.',
        tags,
        params: itemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inScope(req, (ctx) => contacts.purgeContact(ctx, req.params.contactId));
      return reply.status(204).send(null);
    },
  );
}
