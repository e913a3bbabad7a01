import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { tx, txRows } from '../../platform/db/tenant.ts';
import { contacts, contactTags, tags } from './contact.tables.ts';

export type ContactRecord = typeof contacts.$inferSelect;
export type TagRef = { id: string; name: string; color: string | null };
export type ContactWithTags = ContactRecord & { tags: TagRef[] };

/**
 * One sort: its SQL expression, direction, whether it can be null, which cursor values it takes
 * (the text form of a value of its type) and how to cast one back.
 */
export type SortPlan = {
  expr: SQL;
  direction: 'asc' | 'desc';
  nullable: boolean;
  accepts: (value: string) => boolean;
  cast: (value: string) => SQL;
};

/** Where a page starts: the previous page's last sort value (as text, null for a null) and id. */
export type After = { value: string | null; id: string };

/**
 * The keyset condition "after (value, id)" in the sort's order, with PostgreSQL's default null
 * placement (nulls last ascending, first descending) so an index on the expression serves it.
 */
function afterCondition(plan: SortPlan, after: After): SQL {
  const { expr, direction } = plan;
  const id = contacts.id;
  if (!plan.nullable || after.value !== null) {
    const v = plan.cast(after.value ?? '');
    if (!plan.nullable) {
      return direction === 'asc'
        ? sql`(${expr}, ${id}) > (${v}, ${after.id})`
        : sql`(${expr}, ${id}) < (${v}, ${after.id})`;
    }
    return direction === 'asc'
      ? sql`((${expr}, ${id}) > (${v}, ${after.id}) or ${expr} is null)`
      : sql`(${expr}, ${id}) < (${v}, ${after.id})`;
  }
  return direction === 'asc'
    ? sql`(${expr} is null and ${id} > ${after.id})`
    : sql`((${expr} is null and ${id} < ${after.id}) or ${expr} is not null)`;
}

/**
 * A page of contact ids in sort order, with each row's sort value as text (exact to the
 * microsecond for timestamps, which a JS Date would round) for the next cursor.
 */
export function contactIdsQuery(input: {
  where: SQL;
  sort: SortPlan;
  after?: After | undefined;
  limit: number;
}) {
  const { sort } = input;
  const where = input.after ? and(input.where, afterCondition(sort, input.after))! : input.where;
  // Non-null sort keys name their null placement so the ORDER BY matches the indexes exactly:
  // Drizzle writes `.desc()` index columns as DESC NULLS LAST, and PostgreSQL only walks an index
  // (forwards or backwards) for an ORDER BY with the same null placement. Nullable keys keep the
  // defaults (ASC NULLS LAST / DESC NULLS FIRST), which plain index columns have.
  const nulls = sort.nullable ? sql`` : sort.direction === 'asc' ? sql` nulls first` : sql` nulls last`;
  const order =
    sort.direction === 'asc'
      ? [sql`${sort.expr} asc${nulls}`, sql`${contacts.id} asc${nulls}`]
      : [sql`${sort.expr} desc${nulls}`, sql`${contacts.id} desc${nulls}`];
  return tx()
    .select({ id: contacts.id, sortValue: sql<string | null>`(${sort.expr})::text` })
    .from(contacts)
    .where(where)
    .orderBy(...order)
    .limit(input.limit);
}

export async function pageOfContactIds(input: {
  where: SQL;
  sort: SortPlan;
  after?: After | undefined;
  limit: number;
}): Promise<{ id: string; sortValue: string | null }[]> {
  return contactIdsQuery(input);
}

/**
 * How many contacts match, counting at most `cap + 1` rows: an exact total for ordinary lists and
 * a bounded cost for huge ones (the caller shows "1,000+").
 */
export async function countContactsCapped(where: SQL, cap: number): Promise<number> {
  const limited = tx()
    .select({ one: sql`1` })
    .from(contacts)
    .where(where)
    .limit(cap + 1)
    .as('limited');
  const [row] = await tx()
    .select({ n: sql<number>`count(*)::int` })
    .from(limited);
  return row?.n ?? 0;
}

/** Full rows with their tags, in the order of `ids`. */
export async function contactsWithTags(subAccountId: string, ids: string[]): Promise<ContactWithTags[]> {
  if (ids.length === 0) return [];
  const rows = await tx()
    .select()
    .from(contacts)
    .where(and(eq(contacts.subAccountId, subAccountId), inArray(contacts.id, ids)));
  const tagRows = await tx()
    .select({ contactId: contactTags.contactId, id: tags.id, name: tags.name, color: tags.color })
    .from(contactTags)
    .innerJoin(tags, and(eq(tags.subAccountId, contactTags.subAccountId), eq(tags.id, contactTags.tagId)))
    .where(and(eq(contactTags.subAccountId, subAccountId), inArray(contactTags.contactId, ids)))
    .orderBy(asc(tags.name));
  const tagsOf = new Map<string, TagRef[]>();
  for (const t of tagRows) {
    const list = tagsOf.get(t.contactId) ?? [];
    list.push({ id: t.id, name: t.name, color: t.color });
    tagsOf.set(t.contactId, list);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...row, tags: tagsOf.get(id) ?? [] }] : [];
  });
}

/** Which of these tag ids are tags of the sub-account. */
export async function existingTagIds(subAccountId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx()
    .select({ id: tags.id })
    .from(tags)
    .where(and(eq(tags.subAccountId, subAccountId), inArray(tags.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Which of these contacts (live, of the sub-account) match the condition: one contact's re-evaluation. */
export async function matchingContactIds(where: SQL, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx()
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(where, inArray(contacts.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/**
 * The distinct sources of a sub-account's live contacts (no nulls), alphabetically, at most
 * `limit`: a skip scan of contacts_source_idx, one index descent per source, so the cost follows
 * the number of sources, not of contacts.
 */
export async function distinctSources(subAccountId: string, limit: number): Promise<string[]> {
  const rows = await txRows<{ source: string }>(
    sql`with recursive s(source) as (
       (select source from contacts
         where sub_account_id = ${subAccountId} and deleted_at is null and source is not null
         order by source limit 1)
       union all
       select (select c.source from contacts c
                where c.sub_account_id = ${subAccountId} and c.deleted_at is null and c.source > s.source
                order by c.source limit 1)
         from s where s.source is not null
     )
     select source from s where source is not null limit ${limit}`,
  );
  return rows.map((r) => r.source);
}

/**
 * Live contacts per source (and without one), each counting at most `cap + 1` rows of one
 * contacts_source_idx range, like countContactsCapped.
 */
export async function sourceCountsCapped(
  subAccountId: string,
  sources: string[],
  cap: number,
): Promise<{ source: string | null; n: number }[]> {
  return txRows<{ source: string | null; n: number }>(
    sql`select s.source,
            (select count(*)::int from (select 1 from contacts c
                where c.sub_account_id = ${subAccountId} and c.deleted_at is null and c.source = s.source
                limit ${cap + 1}) x) as n
       from unnest(${sql.param(sources)}::text[]) as s(source)
     union all
     select null,
            (select count(*)::int from (select 1 from contacts c
                where c.sub_account_id = ${subAccountId} and c.deleted_at is null and c.source is null
                limit ${cap + 1}) x)`,
  );
}
