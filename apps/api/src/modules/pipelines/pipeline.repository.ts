import { type AnyColumn, and, asc, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { lostReasons, pipelineStages, pipelines } from './pipeline.tables.ts';

export type PipelineRecord = typeof pipelines.$inferSelect;
export type StageRecord = typeof pipelineStages.$inferSelect;
export type LostReasonRecord = typeof lostReasons.$inferSelect;

const p = pipelines;
const s = pipelineStages;
const l = lostReasons;

/** A page of a list ordered by position, then by a unique key: the rows after the cursor's row. */
type PositionCursor = { position: number; key: string };
function afterCursor(
  position: AnyColumn,
  key: AnyColumn,
  after: PositionCursor | undefined,
): SQL | undefined {
  return after
    ? or(gt(position, after.position), and(eq(position, after.position), gt(key, after.key)))
    : undefined;
}

export async function insertPipeline(values: typeof p.$inferInsert): Promise<PipelineRecord> {
  const [row] = await tx().insert(p).values(values).returning();
  return row!;
}

export async function insertStages(values: (typeof s.$inferInsert)[]): Promise<void> {
  if (values.length > 0) await tx().insert(s).values(values);
}

export async function findPipeline(subAccountId: string, id: string): Promise<PipelineRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(p)
    .where(and(eq(p.subAccountId, subAccountId), eq(p.id, id)));
  return row;
}

/** Locks the pipeline row, so stage edits of one pipeline run one after another. */
export async function lockPipeline(subAccountId: string, id: string): Promise<PipelineRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(p)
    .where(and(eq(p.subAccountId, subAccountId), eq(p.id, id)))
    .for('update');
  return row;
}

/** In position order, then by id. */
export async function listPipelines(input: {
  subAccountId: string;
  /** The last row seen: its position and id. */
  after?: PositionCursor | undefined;
  limit: number;
}): Promise<PipelineRecord[]> {
  return tx()
    .select()
    .from(p)
    .where(and(eq(p.subAccountId, input.subAccountId), afterCursor(p.position, p.id, input.after)))
    .orderBy(asc(p.position), asc(p.id))
    .limit(input.limit + 1);
}

/** Every pipeline of a sub-account, in order (a sub-account has a handful). */
export async function allPipelines(subAccountId: string): Promise<PipelineRecord[]> {
  return tx().select().from(p).where(eq(p.subAccountId, subAccountId)).orderBy(asc(p.position), asc(p.id));
}

export async function nextPipelinePosition(subAccountId: string): Promise<number> {
  const [row] = await tx()
    .select({ next: sql<number>`coalesce(max(${p.position}) + 1, 0)::int` })
    .from(p)
    .where(eq(p.subAccountId, subAccountId));
  return row!.next;
}

export async function updatePipeline(
  subAccountId: string,
  id: string,
  values: { name?: string | undefined; position?: number | undefined },
): Promise<boolean> {
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return (await findPipeline(subAccountId, id)) !== undefined;
  const rows = await tx()
    .update(p)
    .set(set)
    .where(and(eq(p.subAccountId, subAccountId), eq(p.id, id)))
    .returning({ id: p.id });
  return rows.length === 1;
}

export async function deletePipeline(subAccountId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .delete(p)
    .where(and(eq(p.subAccountId, subAccountId), eq(p.id, id)))
    .returning({ id: p.id });
  return rows.length === 1;
}

export async function stagesOf(subAccountId: string, pipelineIds: string[]): Promise<StageRecord[]> {
  if (pipelineIds.length === 0) return [];
  return tx()
    .select()
    .from(s)
    .where(and(eq(s.subAccountId, subAccountId), inArray(s.pipelineId, pipelineIds)))
    .orderBy(asc(s.pipelineId), asc(s.position), asc(s.id));
}

export async function findStage(subAccountId: string, id: string): Promise<StageRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(s)
    .where(and(eq(s.subAccountId, subAccountId), eq(s.id, id)));
  return row;
}

export async function findStages(subAccountId: string, ids: string[]): Promise<StageRecord[]> {
  if (ids.length === 0) return [];
  return tx()
    .select()
    .from(s)
    .where(and(eq(s.subAccountId, subAccountId), inArray(s.id, ids)));
}

/** Makes room at `position` by moving that stage and the ones after it down by one. */
export async function shiftStages(
  subAccountId: string,
  pipelineId: string,
  fromPosition: number,
): Promise<void> {
  await tx()
    .update(s)
    .set({ position: sql`${s.position} + 1` })
    .where(
      and(
        eq(s.subAccountId, subAccountId),
        eq(s.pipelineId, pipelineId),
        sql`${s.position} >= ${fromPosition}`,
      ),
    );
}

export async function updateStage(
  subAccountId: string,
  id: string,
  values: Partial<Pick<StageRecord, 'name' | 'winProbability' | 'rottingDays' | 'position'>>,
): Promise<void> {
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return;
  await tx()
    .update(s)
    .set(set)
    .where(and(eq(s.subAccountId, subAccountId), eq(s.id, id)));
}

export async function deleteStage(subAccountId: string, id: string): Promise<void> {
  await tx()
    .delete(s)
    .where(and(eq(s.subAccountId, subAccountId), eq(s.id, id)));
}

/** Positions 0..n-1 in the given order, in one statement. */
export async function setStageOrder(
  subAccountId: string,
  pipelineId: string,
  stageIds: string[],
): Promise<void> {
  await tx().execute(
    sql`update pipeline_stages s set position = o.ord - 1
       from unnest(${sql.param(stageIds)}::uuid[]) with ordinality as o(id, ord)
      where s.sub_account_id = ${subAccountId} and s.pipeline_id = ${pipelineId} and s.id = o.id`,
  );
}

/** A page of lost reasons in list order (position, then name: unique in the sub-account). */
export async function listLostReasons(input: {
  subAccountId: string;
  /** The last row seen: its position and name. */
  after?: PositionCursor | undefined;
  limit: number;
}): Promise<LostReasonRecord[]> {
  return tx()
    .select()
    .from(l)
    .where(and(eq(l.subAccountId, input.subAccountId), afterCursor(l.position, l.name, input.after)))
    .orderBy(asc(l.position), asc(l.name))
    .limit(input.limit + 1);
}

export async function findLostReason(
  subAccountId: string,
  id: string,
): Promise<LostReasonRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(l)
    .where(and(eq(l.subAccountId, subAccountId), eq(l.id, id)));
  return row;
}

export async function insertLostReason(values: typeof l.$inferInsert): Promise<LostReasonRecord> {
  const [row] = await tx().insert(l).values(values).returning();
  return row!;
}

export async function updateLostReason(
  subAccountId: string,
  id: string,
  values: { name?: string | undefined; position?: number | undefined },
): Promise<LostReasonRecord | undefined> {
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return findLostReason(subAccountId, id);
  const [row] = await tx()
    .update(l)
    .set(set)
    .where(and(eq(l.subAccountId, subAccountId), eq(l.id, id)))
    .returning();
  return row;
}

export async function deleteLostReason(subAccountId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .delete(l)
    .where(and(eq(l.subAccountId, subAccountId), eq(l.id, id)))
    .returning({ id: l.id });
  return rows.length === 1;
}
