import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { UNIQUE_VIOLATION, sqlState } from '../../platform/db/errors.ts';
import { conflict, invalid, notFound } from '../../platform/errors/app-error.ts';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { newId } from '../../platform/ids/ids.ts';
import * as repo from './pipeline.repository.ts';
import type {
  CreatePipelineInput,
  CreateStageInput,
  LostReasonInput,
  LostReasonView,
  PipelineView,
  StageView,
  UpdatePipelineInput,
  UpdateStageInput,
} from './pipeline.schemas.ts';

const stageView = (s: repo.StageRecord): StageView => ({
  id: s.id,
  name: s.name,
  position: s.position,
  winProbability: s.winProbability,
  rottingDays: s.rottingDays,
});

const pipelineView = (p: repo.PipelineRecord, stages: repo.StageRecord[]): PipelineView => ({
  id: p.id,
  name: p.name,
  position: p.position,
  stages: stages.map(stageView),
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

const lostReasonView = (r: repo.LostReasonRecord): LostReasonView => ({
  id: r.id,
  name: r.name,
  position: r.position,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

async function unique<T>(what: string, name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION)
      throw conflict(`A ${what} named '${name}' already exists in this sub-account; pick another name`);
    throw error;
  }
}

async function viewOf(ctx: SubAccountContext, pipelineId: string): Promise<PipelineView> {
  const pipeline = await repo.findPipeline(ctx.subAccountId, pipelineId);
  if (!pipeline) throw notFound('Pipeline');
  return pipelineView(pipeline, await repo.stagesOf(ctx.subAccountId, [pipelineId]));
}

/** The pipeline, locked for a stage edit; another sub-account's pipeline is not found. */
async function lockOwnPipeline(ctx: SubAccountContext, pipelineId: string): Promise<repo.PipelineRecord> {
  const pipeline = await repo.lockPipeline(ctx.subAccountId, pipelineId);
  if (!pipeline) throw notFound('Pipeline');
  return pipeline;
}

async function stageOf(
  ctx: SubAccountContext,
  pipelineId: string,
  stageId: string,
): Promise<repo.StageRecord> {
  const stage = await repo.findStage(ctx.subAccountId, stageId);
  if (!stage || stage.pipelineId !== pipelineId) throw notFound('Stage');
  return stage;
}

export async function listPipelines(
  ctx: SubAccountContext,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<PipelineView>> {
  requirePermission(ctx, 'pipelines:read');
  const after = decodeCursor(page.cursor, ['int', 'uuid']);
  const rows = await repo.listPipelines({
    subAccountId: ctx.subAccountId,
    after: after ? { position: after[0], key: after[1] } : undefined,
    limit: page.limit,
  });
  const stages = await repo.stagesOf(
    ctx.subAccountId,
    rows.map((r) => r.id),
  );
  return toPage(
    rows,
    page.limit,
    (r) => [r.position, r.id],
    (r) =>
      pipelineView(
        r,
        stages.filter((s) => s.pipelineId === r.id),
      ),
  );
}

export async function getPipeline(ctx: SubAccountContext, pipelineId: string): Promise<PipelineView> {
  requirePermission(ctx, 'pipelines:read');
  return viewOf(ctx, pipelineId);
}

export async function createPipeline(
  ctx: SubAccountContext,
  input: CreatePipelineInput,
): Promise<PipelineView> {
  requirePermission(ctx, 'pipelines:create');
  const subAccountId = ctx.subAccountId;
  const pipeline = await unique('pipeline', input.name, async () =>
    repo.insertPipeline({
      subAccountId,
      id: newId(),
      name: input.name,
      position: await repo.nextPipelinePosition(subAccountId),
    }),
  );
  await repo.insertStages(
    input.stages.map((stage, position) => ({
      subAccountId,
      id: newId(),
      pipelineId: pipeline.id,
      name: stage.name,
      position,
      winProbability: stage.winProbability ?? defaultProbability(position, input.stages.length),
      rottingDays: stage.rottingDays ?? null,
    })),
  );
  return viewOf(ctx, pipeline.id);
}

/** Without a stated probability, stages climb evenly towards the last (e.g. 20, 40, 60, 80, 100). */
function defaultProbability(position: number, count: number): number {
  return Math.round(((position + 1) / count) * 100);
}

export async function updatePipeline(
  ctx: SubAccountContext,
  pipelineId: string,
  input: UpdatePipelineInput,
): Promise<PipelineView> {
  requirePermission(ctx, 'pipelines:update');
  const found = await unique('pipeline', input.name, () =>
    repo.updatePipeline(ctx.subAccountId, pipelineId, input),
  );
  if (!found) throw notFound('Pipeline');
  return viewOf(ctx, pipelineId);
}

/**
 * What removing a pipeline, a stage or a lost reason needs of the opportunities in it. The
 * opportunities module implements it over its own tables (it depends on pipelines, so pipelines
 * cannot call it); the use case that removes them hands it in (use-cases/remove-pipeline-parts.ts).
 */
export type PipelineCards = {
  /** Cards in a stage or pipeline: live ones, and those in the trash (which the FK counts too). */
  count(
    ctx: SubAccountContext,
    where: { pipelineId: string } | { stageId: string },
  ): Promise<{ live: number; deleted: number }>;
  /** Moves every card of a stage (trashed ones too) to another stage of the same pipeline. */
  moveStage(ctx: SubAccountContext, fromStageId: string, toStageId: string): Promise<void>;
  /** Removes the trashed cards of a pipeline for good: they go with it. */
  purgeTrashed(ctx: SubAccountContext, pipelineId: string): Promise<void>;
  /** Lost cards that give this reason. */
  countLostWithReason(ctx: SubAccountContext, lostReasonId: string): Promise<number>;
};

/** Refused while the pipeline holds live opportunities; the ones in the trash go with it. */
export async function deletePipeline(
  ctx: SubAccountContext,
  pipelineId: string,
  cards: PipelineCards,
): Promise<void> {
  requirePermission(ctx, 'pipelines:delete');
  await lockOwnPipeline(ctx, pipelineId);
  const { live } = await cards.count(ctx, { pipelineId });
  if (live > 0) {
    throw conflict(
      `This pipeline holds ${live} ${live === 1 ? 'opportunity' : 'opportunities'}; move or delete them first`,
    );
  }
  await cards.purgeTrashed(ctx, pipelineId);
  await repo.deletePipeline(ctx.subAccountId, pipelineId);
}

export async function addStage(
  ctx: SubAccountContext,
  pipelineId: string,
  input: CreateStageInput,
): Promise<PipelineView> {
  requirePermission(ctx, 'pipelines:update');
  await lockOwnPipeline(ctx, pipelineId);
  const stages = await repo.stagesOf(ctx.subAccountId, [pipelineId]);
  if (stages.length >= 50) throw conflict('A pipeline has at most 50 stages; remove one first');
  const position = Math.min(input.position ?? stages.length, stages.length);
  await repo.setStageOrder(
    ctx.subAccountId,
    pipelineId,
    stages.map((s) => s.id),
  );
  await repo.shiftStages(ctx.subAccountId, pipelineId, position);
  await repo.insertStages([
    {
      subAccountId: ctx.subAccountId,
      id: newId(),
      pipelineId,
      name: input.name,
      position,
      winProbability: input.winProbability ?? 0,
      rottingDays: input.rottingDays ?? null,
    },
  ]);
  return viewOf(ctx, pipelineId);
}

export async function updateStage(
  ctx: SubAccountContext,
  pipelineId: string,
  stageId: string,
  input: UpdateStageInput,
): Promise<PipelineView> {
  requirePermission(ctx, 'pipelines:update');
  await lockOwnPipeline(ctx, pipelineId);
  await stageOf(ctx, pipelineId, stageId);
  await repo.updateStage(ctx.subAccountId, stageId, input);
  return viewOf(ctx, pipelineId);
}

/**
 * Removing a stage that holds opportunities needs `moveToStageId`, another stage of the same
 * pipeline; the move goes through the opportunities' history like any other. The last stage of a
 * pipeline cannot be removed.
 */
export async function removeStage(
  ctx: SubAccountContext,
  pipelineId: string,
  stageId: string,
  moveToStageId: string | undefined,
  cards: PipelineCards,
): Promise<PipelineView> {
  requirePermission(ctx, 'pipelines:update');
  await lockOwnPipeline(ctx, pipelineId);
  await stageOf(ctx, pipelineId, stageId);
  const stages = await repo.stagesOf(ctx.subAccountId, [pipelineId]);
  if (stages.length === 1)
    throw conflict('A pipeline needs at least one stage; add another before removing this one');
  const { live, deleted } = await cards.count(ctx, { stageId });
  let target = moveToStageId;
  if (target !== undefined) {
    if (target === stageId)
      throw invalid('moveToStageId', 'must be another stage than the one being removed');
    if (!stages.some((s) => s.id === target))
      throw invalid('moveToStageId', 'is not a stage of this pipeline; pick one of its other stages');
  } else if (live > 0) {
    throw conflict(
      `This stage holds ${live} ${live === 1 ? 'opportunity' : 'opportunities'}; say where they go with moveToStageId`,
    );
  } else if (deleted > 0) {
    // Only trashed cards: they follow the stage before (or after) the removed one.
    const index = stages.findIndex((s) => s.id === stageId);
    target = (stages[index - 1] ?? stages[index + 1])!.id;
  }
  if (target !== undefined) await cards.moveStage(ctx, stageId, target);
  await repo.deleteStage(ctx.subAccountId, stageId);
  await repo.setStageOrder(
    ctx.subAccountId,
    pipelineId,
    stages.filter((s) => s.id !== stageId).map((s) => s.id),
  );
  return viewOf(ctx, pipelineId);
}

export async function reorderStages(
  ctx: SubAccountContext,
  pipelineId: string,
  stageIds: string[],
): Promise<PipelineView> {
  requirePermission(ctx, 'pipelines:update');
  await lockOwnPipeline(ctx, pipelineId);
  const current = new Set((await repo.stagesOf(ctx.subAccountId, [pipelineId])).map((s) => s.id));
  const given = new Set(stageIds);
  if (given.size !== stageIds.length) throw invalid('stageIds', 'lists a stage twice; name each stage once');
  const stranger = stageIds.find((id) => !current.has(id));
  if (stranger) throw invalid('stageIds', `${stranger} is not a stage of this pipeline`);
  if (given.size !== current.size)
    throw invalid('stageIds', `must list all ${current.size} stages of the pipeline, in their new order`);
  await repo.setStageOrder(ctx.subAccountId, pipelineId, stageIds);
  return viewOf(ctx, pipelineId);
}

/** For opportunities: the pipeline's stages in order, or undefined when it is not this sub-account's. */
export async function pipelineStages(
  ctx: SubAccountContext,
  pipelineId: string,
): Promise<repo.StageRecord[] | undefined> {
  const pipeline = await repo.findPipeline(ctx.subAccountId, pipelineId);
  if (!pipeline) return undefined;
  return repo.stagesOf(ctx.subAccountId, [pipelineId]);
}

/** The sub-account's pipelines in order, by id and name: for reports over them. */
export async function pipelineNames(ctx: SubAccountContext): Promise<{ id: string; name: string }[]> {
  return (await repo.allPipelines(ctx.subAccountId)).map((p) => ({ id: p.id, name: p.name }));
}

export async function findStage(
  ctx: SubAccountContext,
  stageId: string,
): Promise<repo.StageRecord | undefined> {
  return repo.findStage(ctx.subAccountId, stageId);
}

/** Stage names by id, for histories and timelines; removed stages are missing. */
export async function stageNames(ctx: SubAccountContext, ids: string[]): Promise<Map<string, string>> {
  const stages = await repo.findStages(ctx.subAccountId, [...new Set(ids)]);
  return new Map(stages.map((s) => [s.id, s.name]));
}

export async function lostReasonExists(ctx: SubAccountContext, id: string): Promise<boolean> {
  return (await repo.findLostReason(ctx.subAccountId, id)) !== undefined;
}

export async function listLostReasons(
  ctx: SubAccountContext,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<LostReasonView>> {
  requirePermission(ctx, 'opportunities:read');
  const after = decodeCursor(page.cursor, ['int', 'text']);
  const rows = await repo.listLostReasons({
    subAccountId: ctx.subAccountId,
    after: after ? { position: after[0], key: after[1] } : undefined,
    limit: page.limit,
  });
  return toPage(rows, page.limit, (r) => [r.position, r.name], lostReasonView);
}

export async function createLostReason(
  ctx: SubAccountContext,
  input: LostReasonInput,
): Promise<LostReasonView> {
  requirePermission(ctx, 'pipelines:update');
  const reason = await unique('lost reason', input.name, () =>
    repo.insertLostReason({
      subAccountId: ctx.subAccountId,
      id: newId(),
      name: input.name,
      position: input.position ?? 0,
    }),
  );
  return lostReasonView(reason);
}

export async function updateLostReason(
  ctx: SubAccountContext,
  id: string,
  input: Partial<LostReasonInput>,
): Promise<LostReasonView> {
  requirePermission(ctx, 'pipelines:update');
  const reason = await unique('lost reason', input.name, () =>
    repo.updateLostReason(ctx.subAccountId, id, input),
  );
  if (!reason) throw notFound('Lost reason');
  return lostReasonView(reason);
}

/** Refused while lost opportunities give it as their reason: deleting it would erase why they were lost. */
export async function deleteLostReason(
  ctx: SubAccountContext,
  id: string,
  cards: PipelineCards,
): Promise<void> {
  requirePermission(ctx, 'pipelines:update');
  if (!(await repo.findLostReason(ctx.subAccountId, id))) throw notFound('Lost reason');
  const used = await cards.countLostWithReason(ctx, id);
  if (used > 0) {
    throw conflict(
      `${used} lost ${used === 1 ? 'opportunity gives' : 'opportunities give'} this reason; rename it instead, or change their reason first`,
    );
  }
  await repo.deleteLostReason(ctx.subAccountId, id);
}
