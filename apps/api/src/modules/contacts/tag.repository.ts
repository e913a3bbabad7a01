import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { tx, txRows } from '../../platform/db/tenant.ts';
import { contactTags, tags } from './contact.tables.ts';

export type TagRecord = typeof tags.$inferSelect;

export type TagRef = { id: string; name: string; color: string | null };
export type ContactTagPair = { contactId: string; tagId: string };

export async function insertTag(values: typeof tags.$inferInsert): Promise<TagRecord> {
  const [row] = await tx().insert(tags).values(values).returning();
  return row!;
}

export async function findTag(subAccountId: string, id: string): Promise<TagRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(tags)
    .where(and(eq(tags.subAccountId, subAccountId), eq(tags.id, id)));
  return row;
}

export async function findTagsByIds(subAccountId: string, ids: string[]): Promise<TagRecord[]> {
  if (ids.length === 0) return [];
  return tx()
    .select()
    .from(tags)
    .where(and(eq(tags.subAccountId, subAccountId), inArray(tags.id, ids)));
}

/** Finds or creates tags by name (case-insensitive), returning them in the order asked. */
export async function ensureTagsByName(
  subAccountId: string,
  names: string[],
  newId: () => string,
): Promise<TagRecord[]> {
  if (names.length === 0) return [];
  await tx()
    .insert(tags)
    .values(names.map((name) => ({ subAccountId, id: newId(), name })))
    .onConflictDoNothing();
  return findTagsByNames(subAccountId, names);
}

export async function listTags(input: {
  subAccountId: string;
  after?: { name: string; id: string } | undefined;
  limit: number;
}): Promise<(TagRecord & { contactCount: number })[]> {
  // Counts only live contacts: a soft-deleted contact keeps its tags for a restore.
  const after = input.after;
  const rows = await txRows<{
    sub_account_id: string;
    id: string;
    name: string;
    color: string | null;
    created_at: Date | string;
    updated_at: Date | string;
    contact_count: number;
  }>(
    sql`select t.*,
            (select count(*)::int from contact_tags ct
               join contacts c on c.sub_account_id = ct.sub_account_id and c.id = ct.contact_id
                              and c.deleted_at is null
              where ct.sub_account_id = t.sub_account_id and ct.tag_id = t.id) as contact_count
       from tags t
      where t.sub_account_id = ${input.subAccountId}
        ${after ? sql`and (t.name::text, t.id) > (${after.name}::text, ${after.id}::uuid)` : sql``}
      order by t.name::text, t.id
      limit ${input.limit + 1}`,
  );
  return rows.map((r) => ({
    subAccountId: r.sub_account_id,
    id: r.id,
    name: r.name,
    color: r.color,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    contactCount: Number(r.contact_count),
  }));
}

export async function updateTag(
  subAccountId: string,
  id: string,
  values: { name?: string; color?: string | null },
): Promise<TagRecord | undefined> {
  if (Object.keys(values).length === 0) return findTag(subAccountId, id);
  const [row] = await tx()
    .update(tags)
    .set(values)
    .where(and(eq(tags.subAccountId, subAccountId), eq(tags.id, id)))
    .returning();
  return row;
}

export async function deleteTag(subAccountId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .delete(tags)
    .where(and(eq(tags.subAccountId, subAccountId), eq(tags.id, id)))
    .returning({ id: tags.id });
  return rows.length === 1;
}

/** Gives `intoTagId` to every contact that had `fromTagId`; returns the contacts that gained it. */
export async function retagContacts(subAccountId: string, fromTagId: string, intoTagId: string) {
  const rows = await txRows<{ contact_id: string }>(
    sql`insert into contact_tags (sub_account_id, contact_id, tag_id)
     select sub_account_id, contact_id, ${intoTagId}::uuid from contact_tags
      where sub_account_id = ${subAccountId}::uuid and tag_id = ${fromTagId}::uuid
     on conflict do nothing
     returning contact_id`,
  );
  return rows.map((r) => r.contact_id);
}

export async function addContactTags(
  subAccountId: string,
  contactIds: string[],
  tagIds: string[],
): Promise<ContactTagPair[]> {
  if (contactIds.length === 0 || tagIds.length === 0) return [];
  return tx()
    .insert(contactTags)
    .values(contactIds.flatMap((contactId) => tagIds.map((tagId) => ({ subAccountId, contactId, tagId }))))
    .onConflictDoNothing()
    .returning({ contactId: contactTags.contactId, tagId: contactTags.tagId });
}

export async function removeContactTags(
  subAccountId: string,
  contactIds: string[],
  tagIds: string[],
): Promise<ContactTagPair[]> {
  if (contactIds.length === 0 || tagIds.length === 0) return [];
  return tx()
    .delete(contactTags)
    .where(
      and(
        eq(contactTags.subAccountId, subAccountId),
        inArray(contactTags.contactId, contactIds),
        inArray(contactTags.tagId, tagIds),
      ),
    )
    .returning({ contactId: contactTags.contactId, tagId: contactTags.tagId });
}

export async function tagIdsOfContact(subAccountId: string, contactId: string): Promise<string[]> {
  const rows = await tx()
    .select({ tagId: contactTags.tagId })
    .from(contactTags)
    .where(and(eq(contactTags.subAccountId, subAccountId), eq(contactTags.contactId, contactId)));
  return rows.map((r) => r.tagId);
}

export async function tagsOfContacts(
  subAccountId: string,
  contactIds: string[],
): Promise<Map<string, TagRef[]>> {
  const result = new Map<string, TagRef[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return result;
  const rows = await tx()
    .select({ contactId: contactTags.contactId, id: tags.id, name: tags.name, color: tags.color })
    .from(contactTags)
    .innerJoin(tags, and(eq(tags.subAccountId, contactTags.subAccountId), eq(tags.id, contactTags.tagId)))
    .where(and(eq(contactTags.subAccountId, subAccountId), inArray(contactTags.contactId, contactIds)))
    .orderBy(asc(sql`${tags.name}::text`));
  for (const r of rows) result.get(r.contactId)?.push({ id: r.id, name: r.name, color: r.color });
  return result;
}

export async function countLiveContactsWithTag(subAccountId: string, tagId: string): Promise<number> {
  const rows = await txRows<{ n: number }>(
    sql`select count(*)::int as n from contact_tags ct
       join contacts c on c.sub_account_id = ct.sub_account_id and c.id = ct.contact_id and c.deleted_at is null
      where ct.sub_account_id = ${subAccountId} and ct.tag_id = ${tagId}`,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function findTagsByNames(subAccountId: string, names: string[]): Promise<TagRecord[]> {
  if (names.length === 0) return [];
  return tx()
    .select()
    .from(tags)
    .where(
      and(
        eq(tags.subAccountId, subAccountId),
        inArray(
          sql`lower(${tags.name}::text)`,
          names.map((n) => n.toLowerCase()),
        ),
      ),
    );
}
