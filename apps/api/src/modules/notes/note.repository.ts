import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { userNamesView } from '../identity/index.ts';
import { notes } from './note.tables.ts';

export type NoteRecord = typeof notes.$inferSelect & { authorName: string | null };

const n = notes;
const columns = {
  subAccountId: n.subAccountId,
  id: n.id,
  contactId: n.contactId,
  opportunityId: n.opportunityId,
  body: n.body,
  pinned: n.pinned,
  authorUserId: n.authorUserId,
  deletedAt: n.deletedAt,
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
  // The one join across modules the house allows: a person's name.
  authorName: userNamesView.name,
};

const live = (subAccountId: string, contactId: string, id: string) =>
  and(eq(n.subAccountId, subAccountId), eq(n.contactId, contactId), eq(n.id, id), isNull(n.deletedAt));

export async function insertNote(values: typeof n.$inferInsert): Promise<string> {
  const [row] = await tx().insert(n).values(values).returning({ id: n.id });
  return row!.id;
}

export async function findNote(
  subAccountId: string,
  contactId: string,
  id: string,
): Promise<NoteRecord | undefined> {
  const [row] = await tx()
    .select(columns)
    .from(n)
    .leftJoin(userNamesView, eq(userNamesView.id, n.authorUserId))
    .where(live(subAccountId, contactId, id));
  return row;
}

/** A contact's or an opportunity's notes, pinned first, newest first; ids are time-ordered. */
export async function listNotes(input: {
  subAccountId: string;
  parent: { contactId: string } | { opportunityId: string };
  after?: { pinned: boolean; id: string } | undefined;
  limit: number;
}): Promise<NoteRecord[]> {
  const where: SQL[] = [
    eq(n.subAccountId, input.subAccountId),
    'opportunityId' in input.parent
      ? eq(n.opportunityId, input.parent.opportunityId)
      : eq(n.contactId, input.parent.contactId),
    isNull(n.deletedAt),
  ];
  if (input.after) {
    const { pinned, id } = input.after;
    where.push(
      pinned
        ? or(eq(n.pinned, false), and(eq(n.pinned, true), lt(n.id, id)))!
        : and(eq(n.pinned, false), lt(n.id, id))!,
    );
  }
  return tx()
    .select(columns)
    .from(n)
    .leftJoin(userNamesView, eq(userNamesView.id, n.authorUserId))
    .where(and(...where))
    .orderBy(desc(n.pinned), desc(n.id))
    .limit(input.limit + 1);
}

export async function updateNote(
  subAccountId: string,
  contactId: string,
  id: string,
  values: { body?: string | undefined; pinned?: boolean | undefined },
): Promise<boolean> {
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length === 0) return (await findNote(subAccountId, contactId, id)) !== undefined;
  const rows = await tx()
    .update(n)
    .set(set)
    .where(live(subAccountId, contactId, id))
    .returning({ id: n.id });
  return rows.length === 1;
}

export async function softDeleteNote(subAccountId: string, contactId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .update(n)
    .set({ deletedAt: sql`now()` })
    .where(live(subAccountId, contactId, id))
    .returning({ id: n.id });
  return rows.length === 1;
}

/** Deleted notes move too: a restore must find them on the surviving contact. */
export async function moveNotes(
  subAccountId: string,
  fromContactId: string,
  toContactId: string,
): Promise<number> {
  const rows = await tx()
    .update(n)
    .set({ contactId: toContactId })
    .where(and(eq(n.subAccountId, subAccountId), eq(n.contactId, fromContactId)))
    .returning({ id: n.id });
  return rows.length;
}
