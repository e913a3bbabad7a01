import { defineModule } from '../../platform/modules/manifest.ts';
import { registerPipelineRoutes } from './pipeline.routes.ts';
import { registerPipelineMetricsRoutes } from './pipeline-metrics.routes.ts';
export { findStage, lostReasonExists, pipelineStages, stageNames } from './pipeline.service.ts';
export type { StageRecord } from './pipeline.repository.ts';
export { pipelineParams, stageParams } from './pipeline.schemas.ts';

/** What the pipelines module brings to the product (see composition.ts). */
export const pipelinesModule = defineModule({
  name: 'pipelines',
  api: {
    group: 'pipelines',
    description: 'Pipelines, their stages and lost reasons, metrics and the agency roll-up.',
  },
  routes(app) {
    registerPipelineRoutes(app);
    registerPipelineMetricsRoutes(app);
  },
});
