import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { requirePrincipal } from '../../platform/auth/principal.ts';
import { agencyParams, subAccountParams } from '../../platform/http/schemas.ts';
import {
  agencyPipelinesQuery,
  agencyPipelinesSchema,
  pipelineMetricsParams,
  pipelineMetricsQuery,
  pipelineMetricsSchema,
} from './pipeline-metrics.schemas.ts';
import * as metrics from './pipeline-metrics.service.ts';

export function registerPipelineMetricsRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['pipelines'];

  app.get(
    '/api/v1/sub-accounts/:subAccountId/pipelines/:pipelineId/metrics',
    {
      schema: {
        tags,
        summary: 'Forecast and performance of a pipeline',
        description:
          'Open totals and weighted forecast, conversion between stages, time in stage, won and lost over time, per user; sums are exact decimal strings. Needs `pipelines:read`.',
        params: subAccountParams.extend(pipelineMetricsParams.shape),
        querystring: pipelineMetricsQuery,
        response: { 200: pipelineMetricsSchema },
      },
    },
    (req) => inScope(req, (ctx) => metrics.pipelineMetrics(ctx, req.params.pipelineId, req.query)),
  );

  app.get(
    '/api/v1/agencies/:agencyId/pipeline-summary',
    {
      schema: {
        tags,
        summary: "Every pipeline of the agency's sub-accounts: open now, won and lost over a period",
        description:
          "The agency roll-up: open, weighted, won and lost totals per pipeline of each sub-account the caller reaches, per currency, each read in its sub-account's own context. Needs `sub_accounts:read`.",
        params: agencyParams,
        querystring: agencyPipelinesQuery,
        response: { 200: agencyPipelinesSchema },
      },
    },
    (req) =>
      metrics.agencyPipelineTotals(
        requirePrincipal(req),
        req.params.agencyId,
        metrics.resolvePeriod(req.query),
      ),
  );
}
