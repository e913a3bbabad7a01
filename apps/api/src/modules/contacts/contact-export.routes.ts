import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import { exportContactsBody } from './contact-export.schemas.ts';
import * as exports from './contact-export.service.ts';

export function registerContactExportRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/v1/sub-accounts/:subAccountId/contacts/export',
    {
      schema: {
        tags: ['contacts'],
        summary: 'Export a selection or a filter to CSV (streamed)',
        description:
          'The chosen columns, custom fields included, for the selection or every contact matching a filter; cells a spreadsheet would run as formulas are neutralised. Needs `contacts:read`.',
        params: subAccountParams,
        body: exportContactsBody,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      // Checked in the request's transaction; the rows stream afterwards, page by page.
      const plan = await inScope(req, (ctx) => exports.prepareExport(ctx, req.body));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="contacts.csv"')
        .send(exports.exportCsv(plan));
    },
  );
}
