export { registerPipelineRoutes } from './pipeline.routes.ts';
export { registerPipelineMetricsRoutes } from './pipeline-metrics.routes.ts';
export { findStage, lostReasonExists, pipelineStages, stageNames } from './pipeline.service.ts';
export type { StageRecord } from './pipeline.repository.ts';
export { pipelineParams, stageParams } from './pipeline.schemas.ts';
