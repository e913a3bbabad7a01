import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.ts';
import { idParams, strict } from '../../platform/http/schemas.ts';

const name = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(120, { error: 'must be at most 120 characters' });
const winProbability = z
  .number({ error: 'must be a whole number from 0 to 100' })
  .int({ error: 'must be a whole number from 0 to 100' })
  .min(0, { error: 'must be between 0 and 100' })
  .max(100, { error: 'must be between 0 and 100' });
const rottingDays = z
  .number({ error: 'must be a number of days' })
  .int({ error: 'must be a whole number of days' })
  .min(1, { error: 'must be at least 1 day' })
  .max(3650, { error: 'must be at most 3650 days' })
  .nullable();
const stageId = z.uuid({ error: 'must be a stage id (UUID)' });

export const stageSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  winProbability: z.number().int(),
  rottingDays: z.number().int().nullable(),
});

export const pipelineSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  stages: z.array(stageSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const stageInput = strict({
  name,
  winProbability: winProbability.optional(),
  rottingDays: rottingDays.optional(),
});

export const createPipelineBody = strict({
  name,
  stages: z
    .array(stageInput)
    .min(1, { error: 'a pipeline needs at least one stage' })
    .max(50, { error: 'at most 50 stages' }),
});
export const updatePipelineBody = strict({
  name: name.optional(),
  position: z.number().int().min(0).optional(),
});
export const createStageBody = stageInput.extend({
  /** Where to insert the stage (0 = first); at the end when absent. */
  position: z.number().int().min(0).optional(),
});
export const updateStageBody = strict({
  name: name.optional(),
  winProbability: winProbability.optional(),
  rottingDays: rottingDays.optional(),
});
export const reorderStagesBody = strict({
  stageIds: z.array(stageId).min(1, { error: 'list every stage of the pipeline in its new order' }),
});
export const deleteStageQuery = z.object({
  /** Where the stage's opportunities go; required when it holds any. */
  moveToStageId: stageId.optional(),
});
export const pipelineParams = idParams('pipelineId');
export const stageParams = pipelineParams.extend(idParams('stageId').shape);
export const listPipelinesQuery = pageQuery;
export const listLostReasonsQuery = pageQuery;

export const lostReasonSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const lostReasonBody = strict({ name, position: z.number().int().min(0).optional() });
export const updateLostReasonBody = lostReasonBody.partial();
export const lostReasonParams = idParams('lostReasonId');

export type StageView = z.infer<typeof stageSchema>;
export type PipelineView = z.infer<typeof pipelineSchema>;
export type CreatePipelineInput = z.infer<typeof createPipelineBody>;
export type UpdatePipelineInput = z.infer<typeof updatePipelineBody>;
export type CreateStageInput = z.infer<typeof createStageBody>;
export type UpdateStageInput = z.infer<typeof updateStageBody>;
export type LostReasonView = z.infer<typeof lostReasonSchema>;
export type LostReasonInput = z.infer<typeof lostReasonBody>;
