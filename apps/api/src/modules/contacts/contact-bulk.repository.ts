import { and, eq, sql } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { contactBulkActions } from './contact.tables.ts';

export type BulkActionRecord = typeof contactBulkActions.$inferSelect;

export async function insertBulkAction(
  values: typeof contactBulkActions.$inferInsert,
): Promise<BulkActionRecord> {
  const [row] = await tx().insert(contactBulkActions).values(values).returning();
  return row!;
}

export async function findBulkAction(
  subAccountId: string,
  id: string,
): Promise<BulkActionRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(contactBulkActions)
    .where(and(eq(contactBulkActions.subAccountId, subAccountId), eq(contactBulkActions.id, id)));
  return row;
}

/** Locks the row for one batch: two workers on one action (a retry racing a slow try) take turns. */
export async function lockBulkAction(
  subAccountId: string,
  id: string,
): Promise<BulkActionRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(contactBulkActions)
    .where(and(eq(contactBulkActions.subAccountId, subAccountId), eq(contactBulkActions.id, id)))
    .for('update');
  return row;
}

export async function updateBulkAction(
  subAccountId: string,
  id: string,
  values: Partial<
    Pick<
      BulkActionRecord,
      | 'status'
      | 'totalCount'
      | 'processedCount'
      | 'errorCount'
      | 'lastError'
      | 'selection'
      | 'startedAt'
      | 'finishedAt'
    >
  >,
): Promise<void> {
  await tx()
    .update(contactBulkActions)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(contactBulkActions.subAccountId, subAccountId), eq(contactBulkActions.id, id)));
}
