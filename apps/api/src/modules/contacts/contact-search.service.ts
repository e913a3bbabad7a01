import { sql, type SQL } from 'drizzle-orm';
import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { AppError, invalid } from '../../platform/errors/app-error.ts';
import { isTimestampText } from '../../platform/http/dates.ts';
import { decodeCursor, encodeCursor, invalidCursor, isInt4, isUuid } from '../../platform/http/pagination.ts';
import { requireOnTeam } from '../access/index.ts';
import { listCustomFields } from '../custom-fields/index.ts';
import {
  compileContactFilter,
  customFieldExpression,
  filterReferences,
  type ContactFilter,
  type FilterableField,
} from './contact-filter.ts';
import * as repo from './contact-search.repository.ts';
import {
  SOURCE_COUNT_LIMIT,
  TOTAL_CAP,
  type ContactSearchPage,
  type ContactSourceCounts,
  type ListContactsQuery,
  type SearchContactsInput,
} from './contact-search.schemas.ts';
import type { ContactView } from './contact.schemas.ts';
import { toContactView } from './contact.service.ts';
import { contacts } from './contact.tables.ts';

export type ContactField = FilterableField & { name: string; filterable: boolean };

/** The sub-account's live contact custom fields, by key (from the custom-fields module). */
export async function contactFields(ctx: SubAccountContext): Promise<Map<string, ContactField>> {
  const fields = await listCustomFields(ctx, 'contact');
  return new Map(
    fields.map((f) => [
      f.key,
      { key: f.key, name: f.name, type: f.type, options: f.options, filterable: f.filterable },
    ]),
  );
}

/**
 * Refuses tag and user ids that are not of this sub-account (400 naming them), so a filter with
 * another tenant's ids fails loudly instead of quietly matching nothing.
 */
export async function assertFilterReferences(ctx: SubAccountContext, filter: ContactFilter): Promise<void> {
  const { tagIds, userIds } = filterReferences(filter);
  const known = await repo.existingTagIds(ctx.subAccountId, tagIds);
  const unknownTags = tagIds.filter((id) => !known.has(id));
  if (unknownTags.length > 0)
    throw invalid('filter.tags', `not tags of this sub-account: ${unknownTags.join(', ')}`);
  await requireOnTeam(ctx, { 'filter.assignedUserId': userIds });
}

/** A filter as SQL for the context's sub-account; checks references when `check` is set. */
export async function compileFilterFor(
  ctx: SubAccountContext,
  filter: ContactFilter,
  options: { checkReferences: boolean; fields?: Map<string, ContactField> },
): Promise<SQL> {
  if (options.checkReferences) await assertFilterReferences(ctx, filter);
  const fields = options.fields ?? (await contactFields(ctx));
  return compileContactFilter(filter, { subAccountId: ctx.subAccountId, fields });
}

const castText = (value: string): SQL => sql`${value}`;
const anyText = () => true;
/** PostgreSQL's text form of a numeric (never an exponent) and of a boolean. */
const isNumericText = (value: string) => /^-?\d+(\.\d+)?$/.test(value);
const isBooleanText = (value: string) => value === 'true' || value === 'false';

/** Sorts only on what an index serves: see the module README. */
export function sortPlan(sort: string, fields: Map<string, ContactField>): repo.SortPlan {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const name = sort.replace(/^-/, '');
  switch (name) {
    case 'createdAt':
      return {
        expr: sql`${contacts.createdAt}`,
        direction,
        nullable: false,
        accepts: isTimestampText,
        cast: (v) => sql`${v}::timestamptz`,
      };
    case 'updatedAt':
      return {
        expr: sql`${contacts.updatedAt}`,
        direction,
        nullable: false,
        accepts: isTimestampText,
        cast: (v) => sql`${v}::timestamptz`,
      };
    case 'fullName':
      return {
        expr: sql`${contacts.fullName}`,
        direction,
        nullable: false,
        accepts: anyText,
        cast: castText,
      };
    case 'email':
      return {
        expr: sql`${contacts.email}`,
        direction,
        nullable: true,
        accepts: anyText,
        cast: (v) => sql`${v}::citext`,
      };
    case 'leadScore':
      return {
        expr: sql`${contacts.leadScore}`,
        direction,
        nullable: false,
        accepts: isInt4,
        cast: (v) => sql`${v}::integer`,
      };
    default: {
      const key = name.slice('customFields.'.length);
      const field = fields.get(key);
      if (!field) throw invalid('sort', `no contact custom field has the key '${key}'`);
      if (!field.filterable || field.type === 'multi_select')
        throw invalid(
          'sort',
          `'${key}' is not sortable; mark the field filterable (multi-selects never are)`,
        );
      const expr = customFieldExpression(field);
      if (field.type === 'number' || field.type === 'money')
        return { expr, direction, nullable: true, accepts: isNumericText, cast: (v) => sql`${v}::numeric` };
      if (field.type === 'boolean')
        return { expr, direction, nullable: true, accepts: isBooleanText, cast: (v) => sql`${v}::boolean` };
      // Text, and dates and date-times kept as ISO text: compared as text.
      return { expr, direction, nullable: true, accepts: anyText, cast: castText };
    }
  }
}

/**
 * The cursor names its sort, so a cursor from another ordering is refused instead of misread, and
 * its value must be one of the sort's type before it is cast in SQL.
 */
function readCursor(cursor: string | undefined, sort: string, plan: repo.SortPlan): repo.After | undefined {
  const values = decodeCursor(cursor, ['text', 'flag', 'text', 'uuid']);
  if (!values) return undefined;
  const [cursorSort, isNull, value, id] = values;
  if (cursorSort !== sort) {
    throw new AppError(
      'validation_failed',
      'cursor: it belongs to another sort; start again without a cursor',
      {
        fieldErrors: [{ field: 'cursor', message: 'belongs to another sort; start again without a cursor' }],
      },
    );
  }
  if (isNull ? !plan.nullable : !plan.accepts(value)) throw invalidCursor();
  return { value: isNull ? null : value, id };
}

/** The one contact view, shared with the rest of the contacts module. */
const toView = (c: repo.ContactWithTags): ContactView => toContactView(c, c.tags);

/**
 * One keyset page of a compiled filter, with its rows' sort values for the next cursor. Used by
 * search, smart lists and export, which walk the same order.
 */
export async function pageOfMatches(input: {
  where: SQL;
  plan: repo.SortPlan;
  sort: string;
  after: repo.After | undefined;
  limit: number;
}): Promise<{ ids: string[]; nextCursor: string | null; last: repo.After | undefined }> {
  const rows = await repo.pageOfContactIds({
    where: input.where,
    sort: input.plan,
    after: input.after,
    limit: input.limit + 1,
  });
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);
  return {
    ids: page.map((r) => r.id),
    nextCursor:
      more && last
        ? encodeCursor([input.sort, last.sortValue === null ? 1 : 0, last.sortValue ?? '', last.id])
        : null,
    last: last ? { value: last.sortValue, id: last.id } : undefined,
  };
}

/** A page of contacts matching a compiled condition, with a total (exact up to TOTAL_CAP). */
export async function pageOfContacts(
  ctx: SubAccountContext,
  where: SQL,
  input: { sort: string; limit: number; cursor?: string | undefined; fields: Map<string, ContactField> },
): Promise<ContactSearchPage> {
  const plan = sortPlan(input.sort, input.fields);
  const after = readCursor(input.cursor, input.sort, plan);
  const page = await pageOfMatches({ where, plan, sort: input.sort, after, limit: input.limit });
  const rows = await repo.contactsWithTags(ctx.subAccountId, page.ids);
  const counted = await repo.countContactsCapped(where, TOTAL_CAP);
  return {
    items: rows.map(toView),
    nextCursor: page.nextCursor,
    total: Math.min(counted, TOTAL_CAP),
    totalIsEstimate: counted > TOTAL_CAP,
  };
}

export async function searchContacts(
  ctx: SubAccountContext,
  input: SearchContactsInput,
): Promise<ContactSearchPage> {
  requirePermission(ctx, 'contacts:read');
  const fields = await contactFields(ctx);
  const where = await compileFilterFor(ctx, input.filter, { checkReferences: true, fields });
  return pageOfContacts(ctx, where, { ...input, fields });
}

export async function listContacts(
  ctx: SubAccountContext,
  query: ListContactsQuery,
): Promise<ContactSearchPage> {
  const { sort, limit, cursor, tagIds, status, type, source, search, assignedUserId } = query;
  return searchContacts(ctx, {
    filter: {
      ...(search !== undefined ? { search: search.trim() } : {}),
      ...(status?.length ? { status } : {}),
      ...(type?.length ? { type } : {}),
      ...(source !== undefined ? { source: [source] } : {}),
      ...(assignedUserId !== undefined ? { assignedUserId } : {}),
      ...(tagIds?.length ? { tags: { any: tagIds } } : {}),
    },
    sort,
    limit,
    cursor,
  });
}

const byId: repo.SortPlan = {
  expr: sql`${contacts.id}`,
  direction: 'asc',
  nullable: false,
  accepts: isUuid,
  cast: (v) => sql`${v}::uuid`,
};

/**
 * Up to `limit` ids of contacts matching a filter, after `afterId` in id order: the walk bulk
 * actions, exports and smart-list rebuilds take, one batch per call (and per transaction).
 */
export async function matchingIdsAfter(
  ctx: SubAccountContext,
  filter: ContactFilter,
  afterId: string | undefined,
  limit: number,
): Promise<string[]> {
  const where = await compileFilterFor(ctx, filter, { checkReferences: false });
  const rows = await repo.pageOfContactIds({
    where,
    sort: byId,
    after: afterId ? { value: afterId, id: afterId } : undefined,
    limit,
  });
  return rows.map((r) => r.id);
}

/** Which of these contacts match a filter now: one contact's re-evaluation, not a list scan. */
export async function contactsMatching(
  ctx: SubAccountContext,
  filter: ContactFilter,
  contactIds: string[],
  fields?: Map<string, ContactField>,
): Promise<Set<string>> {
  const where = await compileFilterFor(ctx, filter, {
    checkReferences: false,
    ...(fields ? { fields } : {}),
  });
  return repo.matchingContactIds(where, contactIds);
}

/** Full contacts (with tags) by id, in the given order: for exports. */
export async function contactsByIds(ctx: SubAccountContext, ids: string[]): Promise<ContactView[]> {
  return (await repo.contactsWithTags(ctx.subAccountId, ids)).map(toView);
}

/** How many contacts match a filter, exactly (a bulk action's progress denominator). */
export async function countMatching(ctx: SubAccountContext, filter: ContactFilter): Promise<number> {
  const where = await compileFilterFor(ctx, filter, { checkReferences: false });
  return repo.countContactsCapped(where, Number.MAX_SAFE_INTEGER - 1);
}

/**
 * How many live contacts come from each source (and from none), most first: the overview's chart
 * and the source filter's choices. Counts are exact up to TOTAL_CAP, like list totals.
 */
export async function contactSourceCounts(ctx: SubAccountContext): Promise<ContactSourceCounts> {
  requirePermission(ctx, 'contacts:read');
  const sources = await repo.distinctSources(ctx.subAccountId, SOURCE_COUNT_LIMIT + 1);
  const counted = await repo.sourceCountsCapped(
    ctx.subAccountId,
    sources.slice(0, SOURCE_COUNT_LIMIT),
    TOTAL_CAP,
  );
  const items = counted
    .filter((c) => c.n > 0)
    .map((c) => ({
      source: c.source,
      count: Math.min(c.n, TOTAL_CAP),
      countIsEstimate: c.n > TOTAL_CAP,
    }))
    .sort(
      (a, b) =>
        b.count - a.count || (a.source === null ? 1 : b.source === null ? -1 : a.source < b.source ? -1 : 1),
    );
  return { items, truncated: sources.length > SOURCE_COUNT_LIMIT };
}
