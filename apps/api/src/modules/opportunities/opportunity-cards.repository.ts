import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { opportunities as o } from './opportunity.tables.ts';

/** The queries behind `pipelineCards`: what removing a pipeline, stage or lost reason asks of cards. */

export async function countCards(
  subAccountId: string,
  where: { pipelineId: string } | { stageId: string },
): Promise<{ live: number; deleted: number }> {
  const [row] = await tx()
    .select({
      live: sql<number>`count(*) filter (where ${o.deletedAt} is null)::int`,
      deleted: sql<number>`count(*) filter (where ${o.deletedAt} is not null)::int`,
    })
    .from(o)
    .where(
      and(
        eq(o.subAccountId, subAccountId),
        'stageId' in where ? eq(o.stageId, where.stageId) : eq(o.pipelineId, where.pipelineId),
      ),
    );
  return row!;
}

export async function moveStageCards(
  subAccountId: string,
  fromStageId: string,
  toStageId: string,
): Promise<void> {
  await tx()
    .update(o)
    .set({ stageId: toStageId })
    .where(and(eq(o.subAccountId, subAccountId), eq(o.stageId, fromStageId)));
}

export async function purgeTrashedCards(subAccountId: string, pipelineId: string): Promise<void> {
  await tx()
    .delete(o)
    .where(and(eq(o.subAccountId, subAccountId), eq(o.pipelineId, pipelineId), isNotNull(o.deletedAt)));
}

export async function countLostWithReason(subAccountId: string, lostReasonId: string): Promise<number> {
  const [row] = await tx()
    .select({ n: count() })
    .from(o)
    .where(and(eq(o.subAccountId, subAccountId), eq(o.lostReasonId, lostReasonId)));
  return row!.n;
}
