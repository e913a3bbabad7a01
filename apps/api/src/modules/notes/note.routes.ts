import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import * as notes from './note.service.ts';
import {
  contactParams,
  createNoteBody,
  listNotesQuery,
  noteParams,
  opportunityParams,
  noteSchema,
  updateNoteBody,
} from './note.schemas.ts';

export function registerNoteRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['notes'];
  const base = '/api/v1/sub-accounts/:subAccountId/contacts/:contactId/notes';
  const listParams = subAccountParams.extend(contactParams.shape);
  const itemParams = subAccountParams.extend(noteParams.shape);

  app.get(
    base,
    {
      schema: {
        summary: "List a contact's notes",
        description: 'Pinned first, then newest. Needs `contacts:read`.',
        tags,
        params: listParams,
        querystring: listNotesQuery,
        response: { 200: pageOf(noteSchema) },
      },
    },
    (req) => inScope(req, (ctx) => notes.listNotes(ctx, { contactId: req.params.contactId }, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        summary: 'Add a note to a contact',
        description: 'Optionally pinned. Needs `contacts:create`.',
        tags,
        params: listParams,
        body: createNoteBody,
        response: { 201: noteSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await inScope(req, (ctx) => notes.createNote(ctx, { contactId: req.params.contactId }, req.body)),
        ),
  );
  app.get(
    `${base}/:noteId`,
    {
      schema: {
        summary: 'Get a note',
        description: 'Needs `contacts:read`.',
        tags,
        params: itemParams,
        response: { 200: noteSchema },
      },
    },
    (req) => inScope(req, (ctx) => notes.getNote(ctx, req.params.contactId, req.params.noteId)),
  );
  app.patch(
    `${base}/:noteId`,
    {
      schema: {
        summary: 'Change a note',
        description: 'Its text or pin. Needs `contacts:update`.',
        tags,
        params: itemParams,
        body: updateNoteBody,
        response: { 200: noteSchema },
      },
    },
    (req) => inScope(req, (ctx) => notes.updateNote(ctx, req.params.contactId, req.params.noteId, req.body)),
  );
  app.delete(
    `${base}/:noteId`,
    {
      schema: {
        summary: 'Delete a note',
        description: 'Needs `contacts:delete`.',
        tags,
        params: itemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) =>
      reply
        .status(204)
        .send(
          await inScope(req, (ctx) => notes.deleteNote(ctx, req.params.contactId, req.params.noteId)).then(
            () => null,
          ),
        ),
  );

  // An opportunity's notes: listed and written here, read and edited through the contact's notes.
  const opportunityNotes = '/api/v1/sub-accounts/:subAccountId/opportunities/:opportunityId/notes';
  const opportunityListParams = subAccountParams.extend(opportunityParams.shape);
  app.get(
    opportunityNotes,
    {
      schema: {
        summary: "List an opportunity's notes",
        description: 'Pinned first, then newest. Needs `contacts:read`.',
        tags,
        params: opportunityListParams,
        querystring: listNotesQuery,
        response: { 200: pageOf(noteSchema) },
      },
    },
    (req) =>
      inScope(req, (ctx) => notes.listNotes(ctx, { opportunityId: req.params.opportunityId }, req.query)),
  );
  app.post(
    opportunityNotes,
    {
      schema: {
        summary: 'Add a note to an opportunity',
        description: "Kept on the opportunity's contact too. Needs `contacts:create`.",
        tags,
        params: opportunityListParams,
        body: createNoteBody,
        response: { 201: noteSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await inScope(req, (ctx) =>
            notes.createNote(ctx, { opportunityId: req.params.opportunityId }, req.body),
          ),
        ),
  );
}
