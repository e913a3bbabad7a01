import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inScope } from '../../platform/access/access.ts';
import { subAccountParams } from '../agencies/index.ts';
import {
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
        params: subAccountParams.extend(pipelineMetricsParams.shape),
        querystring: pipelineMetricsQuery,
        response: { 200: pipelineMetricsSchema },
      },
    },
    (req) => inScope(req, (ctx) => metrics.pipelineMetrics(ctx, req.params.pipelineId, req.query)),
  );
}
