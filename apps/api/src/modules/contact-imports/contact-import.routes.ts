import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { inScope } from '../../platform/access/access.ts';
import { type StreamedBody, streamedBody } from '../../platform/http/idempotency.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import * as imports from './contact-import.service.ts';
import {
  contactImportSchema,
  importParams,
  listImportsQuery,
  updateImportBody,
  uploadQuery,
} from './contact-import.schemas.ts';

/**
 * The parsed body of a CSV upload: the request stream itself, read by the service as it arrives.
 * toJSON keeps the idempotency hook (which hashes the body) from serialising a socket.
 */
export type CsvUpload = StreamedBody;

const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

function csvStream(body: unknown): AsyncIterable<Buffer> | undefined {
  return body && typeof body === 'object' && 'stream' in body ? (body as CsvUpload).stream : undefined;
}

export function registerContactImportRoutes(fastify: FastifyInstance): void {
  // An encapsulated scope: the streaming CSV parser applies to these routes only.
  void fastify.register(async (scope) => {
    // Streamed, and hashed as it streams, so an Idempotency-Key covers the file's bytes.
    scope.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, streamedBody(payload)));
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['contact imports'];
    const base = '/api/v1/sub-accounts/:subAccountId/contact-imports';
    const itemParams = subAccountParams.extend(importParams.shape);

    app.post(
      base,
      {
        // The file streams into the database chunk by chunk; the service enforces the same limit.
        bodyLimit: imports.MAX_UPLOAD_BYTES,
        schema: {
          tags,
          summary: 'Upload a CSV file (the request body, Content-Type: text/csv)',
          description:
            'Stores the file and detects its columns and delimiter; nothing is imported until the import is started. Send the file name as `fileName` in the query. Needs `contacts:create`.',
          consumes: CSV_TYPES,
          params: subAccountParams,
          querystring: uploadQuery,
          response: { 201: contactImportSchema },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await inScope(req, (ctx) => imports.uploadImport(ctx, csvStream(req.body), req.query.fileName)),
          ),
    );
    app.get(
      base,
      {
        schema: {
          summary: 'List imports',
          description: 'Newest first, with status and counts. Needs `contacts:read`.',
          tags,
          params: subAccountParams,
          querystring: listImportsQuery,
          response: { 200: pageOf(contactImportSchema) },
        },
      },
      (req) => inScope(req, (ctx) => imports.listImports(ctx, req.query)),
    );
    app.get(
      `${base}/:importId`,
      {
        schema: {
          summary: 'Get an import',
          description:
            'Its mapping, policy, status and progress (processed, created, updated, skipped and rejected rows). Needs `contacts:read`.',
          tags,
          params: itemParams,
          response: { 200: contactImportSchema },
        },
      },
      (req) => inScope(req, (ctx) => imports.getImport(ctx, req.params.importId)),
    );
    app.patch(
      `${base}/:importId`,
      {
        schema: {
          summary: "Map an import's columns",
          description:
            'Which column goes to which contact field or custom field, what to do with duplicates, and tags to add, before it starts. Needs `contacts:create`.',
          tags,
          params: itemParams,
          body: updateImportBody,
          response: { 200: contactImportSchema },
        },
      },
      (req) => inScope(req, (ctx) => imports.updateImport(ctx, req.params.importId, req.body)),
    );
    app.post(
      `${base}/:importId/start`,
      {
        schema: {
          summary: 'Start an import',
          description:
            'Runs as a background job in batches, committed in file order; a crash resumes where it stopped and never applies a row twice. Needs `contacts:create`.',
          tags,
          params: itemParams,
          response: { 200: contactImportSchema },
        },
      },
      (req) => inScope(req, (ctx) => imports.startImport(ctx, req.params.importId)),
    );
    app.post(
      `${base}/:importId/cancel`,
      {
        schema: {
          summary: 'Cancel an import',
          description: 'Stops it between batches; rows already imported stay. Needs `contacts:create`.',
          tags,
          params: itemParams,
          response: { 200: contactImportSchema },
        },
      },
      (req) => inScope(req, (ctx) => imports.cancelImport(ctx, req.params.importId)),
    );
    app.get(
      `${base}/:importId/errors.csv`,
      {
        schema: {
          tags,
          summary: 'The error report: row number and reason of every rejected row (CSV, streamed)',
          description: 'Needs `contacts:read`. Cells a spreadsheet would run as formulas are neutralised.',
          params: itemParams,
          produces: ['text/csv'],
        },
      },
      async (req, reply) => {
        const lines = await inScope(req, (ctx) => imports.errorReport(ctx, req.params.importId));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="import-${req.params.importId}-errors.csv"`)
          .send(Readable.from(lines));
      },
    );
  });
}
