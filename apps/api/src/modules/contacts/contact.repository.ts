import { and, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { contacts } from './contact.tables.ts';

export type ContactRecord = typeof contacts.$inferSelect;
export type ContactValues = Omit<
  typeof contacts.$inferInsert,
  'subAccountId' | 'id' | 'fullName' | 'phoneDigits' | 'createdAt' | 'updatedAt' | 'deletedAt'
>;

/** Which contacts a lookup sees: live ones (the default), soft-deleted ones, or both. */
export type Liveness = 'live' | 'deleted' | 'any';

const alive = (liveness: Liveness): SQL | undefined =>
  liveness === 'live'
    ? isNull(contacts.deletedAt)
    : liveness === 'deleted'
      ? isNotNull(contacts.deletedAt)
      : undefined;

export async function insertContact(
  values: ContactValues & { subAccountId: string; id: string },
): Promise<ContactRecord> {
  const [row] = await tx().insert(contacts).values(values).returning();
  return row!;
}

export async function findContact(
  subAccountId: string,
  id: string,
  liveness: Liveness = 'live',
): Promise<ContactRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(contacts)
    .where(and(eq(contacts.subAccountId, subAccountId), eq(contacts.id, id), alive(liveness)));
  return row;
}

/** Locks the row for the rest of the transaction, so concurrent patches merge JSON fields safely. */
export async function findContactForUpdate(
  subAccountId: string,
  id: string,
): Promise<ContactRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(contacts)
    .where(and(eq(contacts.subAccountId, subAccountId), eq(contacts.id, id), isNull(contacts.deletedAt)))
    .for('update');
  return row;
}

export async function liveContactIds(subAccountId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx()
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(eq(contacts.subAccountId, subAccountId), inArray(contacts.id, ids), isNull(contacts.deletedAt)),
    );
  return rows.map((r) => r.id);
}

export async function updateContact(
  subAccountId: string,
  id: string,
  values: Partial<ContactValues>,
): Promise<ContactRecord | undefined> {
  // An empty PATCH changes nothing; Drizzle cannot build an UPDATE without a SET list.
  if (Object.keys(values).length === 0) return findContact(subAccountId, id);
  const [row] = await tx()
    .update(contacts)
    .set(values)
    .where(and(eq(contacts.subAccountId, subAccountId), eq(contacts.id, id), isNull(contacts.deletedAt)))
    .returning();
  return row;
}

export async function softDeleteContacts(subAccountId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx()
    .update(contacts)
    .set({ deletedAt: sql`now()` })
    .where(
      and(eq(contacts.subAccountId, subAccountId), inArray(contacts.id, ids), isNull(contacts.deletedAt)),
    )
    .returning({ id: contacts.id });
  return rows.map((r) => r.id);
}

export async function restoreContact(subAccountId: string, id: string): Promise<ContactRecord | undefined> {
  const [row] = await tx()
    .update(contacts)
    .set({ deletedAt: null })
    .where(and(eq(contacts.subAccountId, subAccountId), eq(contacts.id, id), isNotNull(contacts.deletedAt)))
    .returning();
  return row;
}

/** Hard delete, only of a soft-deleted contact; its notes, tasks and tags go with it (FK cascade). */
export async function purgeContact(subAccountId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .delete(contacts)
    .where(and(eq(contacts.subAccountId, subAccountId), eq(contacts.id, id), isNotNull(contacts.deletedAt)))
    .returning({ id: contacts.id });
  return rows.length === 1;
}

export type DuplicateMatch = { id: string; fullName: string; matchedBy: 'email' | 'phone' };

/**
 * Live contacts with this email (case-insensitive: citext) or this E.164 phone, email matches
 * first and oldest first within each, at most `limit`: the first is the upsert's match (email wins
 * when both match different contacts, as in GoHighLevel's upsert).
 */
export async function findDuplicates(input: {
  subAccountId: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  excludeId?: string | undefined;
  limit: number;
}): Promise<DuplicateMatch[]> {
  const base = (match: SQL) =>
    and(
      eq(contacts.subAccountId, input.subAccountId),
      isNull(contacts.deletedAt),
      match,
      input.excludeId ? ne(contacts.id, input.excludeId) : undefined,
    );
  const matchesBy = async (matchedBy: DuplicateMatch['matchedBy'], match: SQL) => {
    const rows = await tx()
      .select({ id: contacts.id, fullName: contacts.fullName })
      .from(contacts)
      .where(base(match))
      .orderBy(contacts.createdAt)
      .limit(input.limit);
    return rows.map((r) => ({ id: r.id, fullName: r.fullName ?? '', matchedBy }));
  };
  const byEmail = input.email ? await matchesBy('email', eq(contacts.email, input.email)) : [];
  const byPhone = input.phone ? await matchesBy('phone', eq(contacts.phone, input.phone)) : [];
  const seen = new Set(byEmail.map((m) => m.id));
  return [...byEmail, ...byPhone.filter((m) => !seen.has(m.id))].slice(0, input.limit);
}
