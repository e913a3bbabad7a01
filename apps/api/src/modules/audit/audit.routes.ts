import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { SCOPES } from '../../platform/http/scopes.ts';
import { listAuditLogs } from './audit.service.ts';
import { auditLogSchema, listAuditLogsQuery } from './audit.schemas.ts';

export function registerAuditRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  for (const { prefix, params } of SCOPES) {
    app.get(
      `${prefix}/audit-logs`,
      {
        schema: {
          summary: 'Read the audit log',
          description:
            "Every change to this tenant's data, newest first, written by the database itself: table, row, action, before and after (secrets left out), and who did it. Needs `audit_logs:read`.",
          tags: ['audit'],
          params,
          querystring: listAuditLogsQuery,
          response: { 200: pageOf(auditLogSchema) },
        },
      },
      (req) => inScope(req, (ctx) => listAuditLogs(ctx, req.query)),
    );
  }
}
