import { and, asc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { smartListMemberships, smartListRebuilds, smartLists } from './smart-list.tables.ts';

export type SmartListRecord = typeof smartLists.$inferSelect;

/** Lists a person sees: shared ones and their own private ones. */
function visibleTo(userId: string | undefined): SQL {
  return userId
    ? or(eq(smartLists.visibility, 'shared'), eq(smartLists.ownerUserId, userId))!
    : eq(smartLists.visibility, 'shared');
}

export async function insertSmartList(values: typeof smartLists.$inferInsert): Promise<SmartListRecord> {
  const [row] = await tx().insert(smartLists).values(values).returning();
  return row!;
}

export async function listSmartLists(input: {
  subAccountId: string;
  userId: string | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}): Promise<SmartListRecord[]> {
  const where: SQL[] = [
    eq(smartLists.subAccountId, input.subAccountId),
    isNull(smartLists.deletedAt),
    visibleTo(input.userId),
  ];
  if (input.after)
    where.push(
      or(
        gt(smartLists.name, input.after.name),
        and(eq(smartLists.name, input.after.name), gt(smartLists.id, input.after.id)),
      )!,
    );
  return tx()
    .select()
    .from(smartLists)
    .where(and(...where))
    .orderBy(asc(smartLists.name), asc(smartLists.id))
    .limit(input.limit + 1);
}

export async function findSmartList(
  subAccountId: string,
  id: string,
  userId: string | undefined,
): Promise<SmartListRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(smartLists)
    .where(
      and(
        eq(smartLists.subAccountId, subAccountId),
        eq(smartLists.id, id),
        isNull(smartLists.deletedAt),
        visibleTo(userId),
      ),
    );
  return row;
}

/**
 * Every live list of a sub-account, whoever owns it (membership is kept for all of them), locked
 * until the transaction ends, in id order so that two callers never wait on each other in a cycle.
 * The lock is what serialises a list's rebuild steps, its subscriber runs and its filter changes;
 * `no key update` leaves the memberships' foreign key checks (`key share`) free.
 */
export async function lockLiveSmartLists(subAccountId: string): Promise<SmartListRecord[]> {
  return tx()
    .select()
    .from(smartLists)
    .where(and(eq(smartLists.subAccountId, subAccountId), isNull(smartLists.deletedAt)))
    .orderBy(asc(smartLists.id))
    .for('no key update');
}

/** One live list, locked like `lockLiveSmartLists`. */
export async function lockSmartList(subAccountId: string, id: string): Promise<SmartListRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(smartLists)
    .where(
      and(eq(smartLists.subAccountId, subAccountId), eq(smartLists.id, id), isNull(smartLists.deletedAt)),
    )
    .for('no key update');
  return row;
}

/** The rebuilds under way in a sub-account: list id -> last contact id reconciled. */
export async function rebuildCursors(subAccountId: string): Promise<Map<string, string>> {
  const rows = await tx()
    .select({ smartListId: smartListRebuilds.smartListId, cursor: smartListRebuilds.cursor })
    .from(smartListRebuilds)
    .where(eq(smartListRebuilds.subAccountId, subAccountId));
  return new Map(rows.map((r) => [r.smartListId, r.cursor]));
}

export async function rebuildCursor(subAccountId: string, smartListId: string): Promise<string | undefined> {
  const [row] = await tx()
    .select({ cursor: smartListRebuilds.cursor })
    .from(smartListRebuilds)
    .where(
      and(eq(smartListRebuilds.subAccountId, subAccountId), eq(smartListRebuilds.smartListId, smartListId)),
    );
  return row?.cursor;
}

/** Sets a list's rebuild cursor (starting a rebuild over when given the nil UUID), or ends it. */
export async function setRebuildCursor(subAccountId: string, smartListId: string, cursor: string | null) {
  if (cursor === null) {
    await tx()
      .delete(smartListRebuilds)
      .where(
        and(eq(smartListRebuilds.subAccountId, subAccountId), eq(smartListRebuilds.smartListId, smartListId)),
      );
    return;
  }
  await tx()
    .insert(smartListRebuilds)
    .values({ subAccountId, smartListId, cursor })
    .onConflictDoUpdate({
      target: [smartListRebuilds.subAccountId, smartListRebuilds.smartListId],
      set: { cursor },
    });
}

export async function updateSmartList(
  subAccountId: string,
  id: string,
  values: Partial<Pick<SmartListRecord, 'name' | 'filter' | 'visibility'>>,
): Promise<SmartListRecord | undefined> {
  const [row] = await tx()
    .update(smartLists)
    .set({ ...values, updatedAt: sql`now()` })
    .where(
      and(eq(smartLists.subAccountId, subAccountId), eq(smartLists.id, id), isNull(smartLists.deletedAt)),
    )
    .returning();
  return row;
}

export async function softDeleteSmartList(subAccountId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .update(smartLists)
    .set({ deletedAt: sql`now()` })
    .where(
      and(eq(smartLists.subAccountId, subAccountId), eq(smartLists.id, id), isNull(smartLists.deletedAt)),
    )
    .returning({ id: smartLists.id });
  if (rows.length === 1) {
    await setRebuildCursor(subAccountId, id, null);
    await tx()
      .delete(smartListMemberships)
      .where(
        and(eq(smartListMemberships.subAccountId, subAccountId), eq(smartListMemberships.smartListId, id)),
      );
  }
  return rows.length === 1;
}

/** The (list, contact) memberships these contacts have now. */
export async function membershipsOf(subAccountId: string, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return tx()
    .select({ smartListId: smartListMemberships.smartListId, contactId: smartListMemberships.contactId })
    .from(smartListMemberships)
    .where(
      and(
        eq(smartListMemberships.subAccountId, subAccountId),
        inArray(smartListMemberships.contactId, contactIds),
      ),
    );
}

export async function addMembers(
  subAccountId: string,
  smartListId: string,
  contactIds: string[],
): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const rows = await tx()
    .insert(smartListMemberships)
    .values(contactIds.map((contactId) => ({ subAccountId, smartListId, contactId })))
    .onConflictDoNothing()
    .returning({ contactId: smartListMemberships.contactId });
  return rows.map((r) => r.contactId);
}

export async function removeMembers(
  subAccountId: string,
  smartListId: string,
  contactIds: string[],
): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const rows = await tx()
    .delete(smartListMemberships)
    .where(
      and(
        eq(smartListMemberships.subAccountId, subAccountId),
        eq(smartListMemberships.smartListId, smartListId),
        inArray(smartListMemberships.contactId, contactIds),
      ),
    )
    .returning({ contactId: smartListMemberships.contactId });
  return rows.map((r) => r.contactId);
}

/** A page of a list's members by contact id (for the rebuild's sweep of stale members). */
export async function memberPage(
  subAccountId: string,
  smartListId: string,
  afterId: string | undefined,
  limit: number,
) {
  const rows = await tx()
    .select({ contactId: smartListMemberships.contactId })
    .from(smartListMemberships)
    .where(
      and(
        eq(smartListMemberships.subAccountId, subAccountId),
        eq(smartListMemberships.smartListId, smartListId),
        afterId ? gt(smartListMemberships.contactId, afterId) : undefined,
      ),
    )
    .orderBy(asc(smartListMemberships.contactId))
    .limit(limit);
  return rows.map((r) => r.contactId);
}
