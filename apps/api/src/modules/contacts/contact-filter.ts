import { and, eq, gte, inArray, isNull, lt, not, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, type FieldError } from '../../platform/errors/app-error.ts';
import { isoDate, isoDateTime } from '../../platform/http/dates.ts';
import { CONSENT_STATUSES, CONTACT_STATUSES, CONTACT_TYPES } from './contact.schemas.ts';
import { CONSENT_CHANNELS } from './contact.constants.ts';
import { contacts, contactTags } from './contact.tables.ts';

/**
 * The contacts filter language: one JSON shape shared by search, smart lists, bulk actions and
 * export, compiled to a Drizzle condition on `contacts`. User strings only ever travel as bound
 * parameters; the one thing inlined is a custom field key, and only after it matched the same
 * pattern the database enforces on definitions (so expression indexes on filterable fields match).
 */

/** 'none' finds contacts with no consent recorded on the channel. */
export const FILTER_CONSENT_STATUSES = [...CONSENT_STATUSES, 'none'] as const;
export const CUSTOM_FIELD_OPERATORS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'in',
  'is_empty',
  'is_not_empty',
] as const;
export type CustomFieldOperator = (typeof CUSTOM_FIELD_OPERATORS)[number];

const MAX_IDS = 100;

/** One value or a list of them: `status: 'new'` and `status: ['new', 'contacted']` both read naturally. */
const oneOrMany = <T extends z.ZodType>(item: T, what: string) =>
  z
    .union([
      item,
      z
        .array(item)
        .min(1, { error: `give at least one ${what}` })
        .max(MAX_IDS),
    ])
    .transform((v): z.output<T>[] => (Array.isArray(v) ? v : [v]));

const idList = (what: string) =>
  z.array(z.uuid({ error: `must be ${what} ids (UUIDs)` })).max(MAX_IDS, {
    error: `at most ${MAX_IDS} ${what} ids`,
  });

const range = z
  .object({
    from: isoDateTime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2025-01-31T00:00:00Z' }),
    to: isoDateTime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2025-02-01T00:00:00Z' }),
  })
  .partial()
  .strict();

const customValue = z.union([z.string().max(500), z.number(), z.boolean()]);

export const customFieldCondition = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
      error: 'must be a custom field key (lowercase letters, digits and _), e.g. plan',
    }),
    op: z.enum(CUSTOM_FIELD_OPERATORS, {
      error: `must be one of ${CUSTOM_FIELD_OPERATORS.join(', ')}`,
    }),
    value: z.union([customValue, z.array(customValue).min(1).max(MAX_IDS)]).optional(),
  })
  .strict();
export type CustomFieldCondition = z.infer<typeof customFieldCondition>;

const consentCondition = z
  .object({
    channel: z.enum(CONSENT_CHANNELS, { error: `must be one of ${CONSENT_CHANNELS.join(', ')}` }),
    status: z.enum(FILTER_CONSENT_STATUSES, {
      error: `must be one of ${FILTER_CONSENT_STATUSES.join(', ')}`,
    }),
  })
  .strict();

export const SEARCH_DESCRIPTION =
  'Name or email contains the term, phone digits contain its digits (3+); a term of 1-2 characters matches the start of a name word, of the email or of the phone digits.';

export const contactFilterSchema = z
  .object({
    /** An explicit selection (the list's checkboxes): only these contacts. */
    contactIds: z
      .array(z.uuid({ error: 'must be contact ids (UUIDs)' }))
      .max(10_000, { error: 'at most 10000 contact ids; use a filter for more' })
      .optional(),
    search: z
      .string()
      .trim()
      .max(200, { error: 'search is at most 200 characters' })
      .describe(SEARCH_DESCRIPTION)
      .optional(),
    tags: z
      .object({ any: idList('tag'), all: idList('tag'), none: idList('tag') })
      .partial()
      .strict()
      .optional(),
    status: oneOrMany(z.enum(CONTACT_STATUSES), 'status').optional(),
    type: oneOrMany(z.enum(CONTACT_TYPES), 'type').optional(),
    source: oneOrMany(z.string().trim().min(1).max(200), 'source').optional(),
    /** A user id, or 'unassigned' for contacts nobody owns. */
    assignedUserId: z
      .union([z.uuid(), z.literal('unassigned')], {
        error: "must be a user id or 'unassigned'",
      })
      .optional(),
    consent: oneOrMany(consentCondition, 'consent condition').optional(),
    createdAt: range.optional(),
    updatedAt: range.optional(),
    customFields: z
      .array(customFieldCondition)
      .max(20, { error: 'at most 20 custom field conditions' })
      .optional(),
  })
  .strict();

/** As clients send it (a single status may stand for a list). */
export type ContactFilterInput = z.input<typeof contactFilterSchema>;
/** As the compiler reads it (lists normalised). */
export type ContactFilter = z.output<typeof contactFilterSchema>;

/** What the compiler needs to know about a custom field; the custom-fields module supplies it. */
export type FilterableField = {
  key: string;
  type: string;
  options?: readonly string[] | undefined;
};

export type CompileContext = {
  subAccountId: string;
  /** The sub-account's live contact field definitions, by key. */
  fields: ReadonlyMap<string, FilterableField>;
};

/** `%`, `_` and `\` are LIKE wildcards and its escape: a search for "50%" means the text "50%". */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const PHONE_LIKE = /^[\d\s()+.\-/]+$/;

/**
 * The search box: name or email contains the term; phone digits contain the term's digits
 * (terms of one or two characters match as prefixes, see `shortSearchCondition`).
 * Written as a UNION of one lookup per column, each led by the tenant key, so that each arm uses
 * its own trigram index (`contacts_search_*`). As one OR, PostgreSQL factors `sub_account_id = $1`
 * out of the arms and prefers scanning the whole sub-account.
 */
function searchCondition(term: string, subAccountId: string): SQL | undefined {
  if (term === '') return undefined;
  if ([...term].length < 3) return shortSearchCondition(term);
  const pattern = `%${escapeLike(term)}%`;
  const arm = (match: SQL) =>
    sql`select ${contacts.id} from ${contacts} where ${contacts.subAccountId} = ${subAccountId} and ${match}`;
  const arms: SQL[] = [
    arm(sql`${contacts.fullName} ilike ${pattern}`),
    arm(sql`${contacts.email}::text ilike ${pattern}`),
  ];
  const digits = term.replace(/\D/g, '');
  // Only a term that looks like a phone searches phones, and with 3+ digits (a trigram).
  if (PHONE_LIKE.test(term) && digits.length >= 3) {
    arms.push(arm(sql`${contacts.phoneDigits} like ${`%${digits}%`}`));
  }
  return sql`${contacts.id} in (${sql.join(arms, sql` union all `)})`;
}

/**
 * A term of one or two characters has no trigram, so "contains" would read the whole sub-account;
 * it matches as a prefix instead: of a word of the name (at its start or after a space), of the
 * email, and, for a phone-like term, of the phone's digits (E.164, country code first). A prefix
 * pattern gives pg_trgm its word-start trigrams ("  a", " ab"), so the same trigram indexes serve
 * a rare prefix, and a common one matches so many contacts that the plan walks the sort's index and
 * stops at the page. One OR, not the longer terms' UNION: the UNION would gather every match
 * before the first page could start.
 */
function shortSearchCondition(term: string): SQL {
  const prefix = `${escapeLike(term)}%`;
  const arms: SQL[] = [
    sql`${contacts.fullName} ilike ${prefix}`,
    sql`${contacts.fullName} ilike ${`% ${prefix}`}`,
    sql`${contacts.email}::text ilike ${prefix}`,
  ];
  const digits = term.replace(/\D/g, '');
  if (PHONE_LIKE.test(term) && digits !== '') arms.push(sql`${contacts.phoneDigits} like ${`${digits}%`}`);
  return sql`(${sql.join(arms, sql` or `)})`;
}

function hasTags(subAccountId: string, tagIds: string[]): SQL {
  return sql`exists (select 1 from ${contactTags} where ${contactTags.subAccountId} = ${subAccountId} and ${contactTags.contactId} = ${contacts.id} and ${inArray(contactTags.tagId, tagIds)})`;
}

const NUMERIC_TYPES = new Set(['number', 'money']);
const TEXT_TYPES = new Set(['text', 'long_text', 'phone', 'email', 'url', 'single_select']);

type FieldKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'multi';

function kindOf(type: string): FieldKind | undefined {
  if (TEXT_TYPES.has(type)) return 'text';
  if (NUMERIC_TYPES.has(type)) return 'number';
  if (type === 'date' || type === 'datetime' || type === 'boolean') return type;
  if (type === 'multi_select') return 'multi';
  return undefined;
}

const OPERATORS_BY_KIND: Record<FieldKind, readonly CustomFieldOperator[]> = {
  text: ['eq', 'neq', 'contains', 'in', 'is_empty', 'is_not_empty'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is_empty', 'is_not_empty'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'is_not_empty'],
  datetime: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'is_not_empty'],
  boolean: ['eq', 'neq', 'is_empty', 'is_not_empty'],
  multi: ['contains', 'in', 'is_empty', 'is_not_empty'],
};

const KEY = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The typed SQL expression of a custom field value, written the way expression indexes on
 * filterable fields are (`(custom_fields ->> 'key')`, cast to numeric or boolean), so that filters
 * and sorts on them can use those indexes. Dates and date-times stay text: they are stored as ISO
 * 8601 in UTC, which sorts as text, and a text-to-date cast is not immutable (not indexable).
 */
export function customFieldExpression(field: FilterableField): SQL {
  if (!KEY.test(field.key)) throw new Error(`Not a custom field key: ${field.key}`);
  const raw = sql`(${contacts.customFields} ->> ${sql.raw(`'${field.key}'`)})`;
  switch (kindOf(field.type)) {
    case 'number':
      return sql`(${raw})::numeric`;
    case 'boolean':
      return sql`(${raw})::boolean`;
    default:
      return raw;
  }
}

class FilterErrors {
  readonly errors: FieldError[] = [];
  add(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }
}

/** Checks one operand against the field's kind; returns it as the SQL parameter, or records why not. */
function operand(kind: FieldKind, value: unknown, field: string, errors: FilterErrors): unknown {
  switch (kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : errors.add(field, 'must be a number for this number field, e.g. 42');
    case 'boolean':
      return typeof value === 'boolean'
        ? value
        : errors.add(field, 'must be true or false for this yes/no field');
    case 'date':
      return isoDate({ error: 'not a date' }).safeParse(value).success
        ? value
        : errors.add(field, 'must be a date YYYY-MM-DD for this date field, e.g. 2025-01-31');
    case 'datetime':
      return isoDateTime({ offset: true, error: 'not a date-time' }).safeParse(value).success
        ? new Date(value as string).toISOString()
        : errors.add(field, 'must be an ISO 8601 date-time for this field, e.g. 2025-01-31T09:00:00Z');
    default:
      return typeof value === 'string' ? value : errors.add(field, 'must be text for this text field');
  }
}

function customCondition(
  condition: CustomFieldCondition,
  index: number,
  ctx: CompileContext,
  errors: FilterErrors,
): SQL | undefined {
  const at = `customFields[${index}]`;
  const field = ctx.fields.get(condition.key);
  if (!field) return errors.add(`${at}.key`, `no contact custom field has the key '${condition.key}'`);
  const kind = kindOf(field.type);
  if (!kind) return errors.add(`${at}.key`, `fields of type ${field.type} cannot be filtered`);
  const { op } = condition;
  if (!OPERATORS_BY_KIND[kind].includes(op)) {
    return errors.add(
      `${at}.op`,
      `${op} does not apply to a ${field.type} field; use one of ${OPERATORS_BY_KIND[kind].join(', ')}`,
    );
  }
  const text = sql`(${contacts.customFields} ->> ${sql.raw(`'${field.key}'`)})`;
  if (op === 'is_empty') return sql`(${text} is null or ${text} in ('', '[]'))`;
  if (op === 'is_not_empty') return sql`(${text} is not null and ${text} not in ('', '[]'))`;

  const value = condition.value;
  if (value === undefined) return errors.add(`${at}.value`, `is required with ${op}`);
  if (op === 'in') {
    if (!Array.isArray(value)) return errors.add(`${at}.value`, 'must be a list with in, e.g. ["a", "b"]');
    const values = value.map((v, i) =>
      operand(kind === 'multi' ? 'text' : kind, v, `${at}.value[${i}]`, errors),
    );
    if (values.some((v) => v === undefined)) return undefined;
    if (kind === 'multi') {
      // One containment per option: the GIN index (jsonb_path_ops) on the field serves `@>`, not `?|`.
      const json = sql`(${contacts.customFields} -> ${sql.raw(`'${field.key}'`)})`;
      return sql`(${sql.join(
        values.map((v) => sql`${json} @> ${JSON.stringify([v])}::jsonb`),
        sql` or `,
      )})`;
    }
    return sql`${customFieldExpression(field)} in (${sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    )})`;
  }
  if (Array.isArray(value)) return errors.add(`${at}.value`, `must be a single value with ${op}`);
  if (op === 'contains') {
    if (typeof value !== 'string') return errors.add(`${at}.value`, 'must be text with contains');
    if (kind === 'multi') {
      return sql`(${contacts.customFields} -> ${sql.raw(`'${field.key}'`)}) @> ${JSON.stringify([value])}::jsonb`;
    }
    return sql`${text} ilike ${`%${escapeLike(value)}%`}`;
  }
  const param = operand(kind, value, `${at}.value`, errors);
  if (param === undefined) return undefined;
  const expr = customFieldExpression(field);
  const cast =
    kind === 'number' ? sql`${param}::numeric` : kind === 'boolean' ? sql`${param}::boolean` : sql`${param}`;
  switch (op) {
    case 'eq':
      return sql`${expr} = ${cast}`;
    case 'neq':
      // "Not X" includes contacts without a value, as a person reading the filter expects.
      return sql`(${expr} is null or ${expr} <> ${cast})`;
    case 'gt':
      return sql`${expr} > ${cast}`;
    case 'gte':
      return sql`${expr} >= ${cast}`;
    case 'lt':
      return sql`${expr} < ${cast}`;
    default:
      return sql`${expr} <= ${cast}`;
  }
}

/**
 * Compiles a parsed filter to one condition on `contacts` (live contacts of the sub-account only).
 * Unknown custom fields and operands of the wrong type throw a 400 naming each problem.
 * Tag and user ids are not checked here: a foreign id simply matches nothing (the services that
 * take filters from people refuse them first, see `assertFilterReferences`).
 */
export function compileContactFilter(filter: ContactFilter, ctx: CompileContext): SQL {
  const errors = new FilterErrors();
  const where: (SQL | undefined)[] = [
    eq(contacts.subAccountId, ctx.subAccountId),
    isNull(contacts.deletedAt),
  ];

  if (filter.contactIds)
    where.push(filter.contactIds.length ? inArray(contacts.id, filter.contactIds) : sql`false`);
  if (filter.search) where.push(searchCondition(filter.search, ctx.subAccountId));
  const tags = filter.tags ?? {};
  if (tags.any?.length) where.push(hasTags(ctx.subAccountId, tags.any));
  for (const tagId of new Set(tags.all ?? [])) where.push(hasTags(ctx.subAccountId, [tagId]));
  if (tags.none?.length) where.push(not(hasTags(ctx.subAccountId, tags.none)));
  if (filter.status) where.push(inArray(contacts.status, filter.status));
  if (filter.type) where.push(inArray(contacts.type, filter.type));
  if (filter.source) where.push(inArray(contacts.source, filter.source));
  if (filter.assignedUserId === 'unassigned') where.push(isNull(contacts.assignedUserId));
  else if (filter.assignedUserId) where.push(eq(contacts.assignedUserId, filter.assignedUserId));
  for (const c of filter.consent ?? []) {
    const status = sql`(${contacts.consent} -> ${c.channel} ->> 'status')`;
    where.push(c.status === 'none' ? sql`${status} is null` : sql`${status} = ${c.status}`);
  }
  if (filter.createdAt?.from) where.push(gte(contacts.createdAt, new Date(filter.createdAt.from)));
  if (filter.createdAt?.to) where.push(lt(contacts.createdAt, new Date(filter.createdAt.to)));
  if (filter.updatedAt?.from) where.push(gte(contacts.updatedAt, new Date(filter.updatedAt.from)));
  if (filter.updatedAt?.to) where.push(lt(contacts.updatedAt, new Date(filter.updatedAt.to)));
  (filter.customFields ?? []).forEach((c, i) => where.push(customCondition(c, i, ctx, errors)));

  if (errors.errors.length > 0) {
    throw new AppError(
      'validation_failed',
      `filter: ${errors.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      { fieldErrors: errors.errors.map((e) => ({ field: `filter.${e.field}`, message: e.message })) },
    );
  }
  return and(...where)!;
}

/** Parses an untrusted filter (a stored smart list, a job's data); a bad one is a 400. */
export function parseContactFilter(input: unknown, field = 'filter'): ContactFilter {
  const parsed = contactFilterSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = parsed.error.issues.map((issue) => ({
    field: [field, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AppError('validation_failed', fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    fieldErrors,
  });
}

/** Tag and user ids a filter names, for the caller to check they belong to the sub-account. */
export function filterReferences(filter: ContactFilter): { tagIds: string[]; userIds: string[] } {
  const tagIds = [
    ...new Set([...(filter.tags?.any ?? []), ...(filter.tags?.all ?? []), ...(filter.tags?.none ?? [])]),
  ];
  const userIds =
    filter.assignedUserId && filter.assignedUserId !== 'unassigned' ? [filter.assignedUserId] : [];
  return { tagIds, userIds };
}
