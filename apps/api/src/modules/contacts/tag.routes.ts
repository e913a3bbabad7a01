import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import { contactParams, contactSchema } from './contact.schemas.ts';
import * as tagService from './tag.service.ts';
import {
  contactTagsBody,
  createTagBody,
  listTagsQuery,
  mergeTagBody,
  tagParams,
  tagSchema,
  updateTagBody,
} from './tag.schemas.ts';

export function registerTagRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];
  const base = '/api/v1/sub-accounts/:subAccountId/tags';
  const itemParams = subAccountParams.extend(tagParams.shape);
  const contactTagsUrl = '/api/v1/sub-accounts/:subAccountId/contacts/:contactId/tags';
  const contactItemParams = subAccountParams.extend(contactParams.shape);

  app.get(
    base,
    {
      schema: {
        summary: 'List tags',
        description: 'By name, with how many live contacts carry each. Needs `contacts:read`.',
        tags,
        params: subAccountParams,
        querystring: listTagsQuery,
        response: { 200: pageOf(tagSchema) },
      },
    },
    (req) => inScope(req, (ctx) => tagService.listTags(ctx, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        summary: 'Create a tag',
        description: 'Names are unique in the sub-account, whatever their case. Needs `contacts:create`.',
        tags,
        params: subAccountParams,
        body: createTagBody,
        response: { 201: tagSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inScope(req, (ctx) => tagService.createTag(ctx, req.body))),
  );
  app.patch(
    `${base}/:tagId`,
    {
      schema: {
        summary: 'Rename a tag',
        description: 'Needs `contacts:update`.',
        tags,
        params: itemParams,
        body: updateTagBody,
        response: { 200: tagSchema },
      },
    },
    (req) => inScope(req, (ctx) => tagService.updateTag(ctx, req.params.tagId, req.body)),
  );
  app.delete(
    `${base}/:tagId`,
    {
      schema: {
        summary: 'Delete a tag',
        description: 'It is taken off every contact. Needs `contacts:delete`.',
        tags,
        params: itemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inScope(req, (ctx) => tagService.deleteTag(ctx, req.params.tagId));
      return reply.status(204).send(null);
    },
  );
  app.post(
    `${base}/:tagId/merge`,
    {
      schema: {
        summary: 'Merge a tag into another',
        description: 'Every contact with this tag gets the other; this one goes. Needs `contacts:update`.',
        tags,
        params: itemParams,
        body: mergeTagBody,
        response: { 200: tagSchema },
      },
    },
    (req) => inScope(req, (ctx) => tagService.mergeTag(ctx, req.params.tagId, req.body)),
  );
  app.post(
    contactTagsUrl,
    {
      schema: {
        summary: 'Tag a contact',
        description: 'Adds tags by name, creating the ones that do not exist. Needs `contacts:update`.',
        tags,
        params: contactItemParams,
        body: contactTagsBody,
        response: { 200: contactSchema },
      },
    },
    (req) => inScope(req, (ctx) => tagService.addTagsToContact(ctx, req.params.contactId, req.body)),
  );
  // The body is optional in the schema so a bodiless DELETE of another tenant's contact answers
  // 404, not 400; the service still asks for at least one tag.
  app.delete(
    contactTagsUrl,
    {
      schema: {
        summary: 'Untag a contact',
        description: 'Removes tags by name. Needs `contacts:update`.',
        tags,
        params: contactItemParams,
        body: contactTagsBody.nullish(),
        response: { 200: contactSchema },
      },
    },
    (req) =>
      inScope(req, (ctx) => tagService.removeTagsFromContact(ctx, req.params.contactId, req.body ?? {})),
  );
}
