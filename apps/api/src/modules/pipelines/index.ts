import { defineModule } from '../../platform/modules/manifest.ts';
import { registerPipelineRoutes } from './pipeline.routes.ts';
export {
  deleteLostReason,
  deletePipeline,
  findStage,
  lostReasonExists,
  type PipelineCards,
  pipelineNames,
  pipelineStages,
  removeStage,
  stageNames,
} from './pipeline.service.ts';
export type { StageRecord } from './pipeline.repository.ts';
export { stageTotalsView, stagesView } from './pipeline.read-views.ts';
export {
  deleteStageQuery,
  lostReasonParams,
  pipelineParams,
  pipelineSchema,
  type PipelineView,
  stageParams,
} from './pipeline.schemas.ts';

/** What the pipelines module brings to the product (see composition.ts). */
export const pipelinesModule = defineModule({
  name: 'pipelines',
  api: {
    group: 'pipelines',
    description: 'Pipelines, their stages and lost reasons, metrics and the agency roll-up.',
  },
  routes: registerPipelineRoutes,
});
