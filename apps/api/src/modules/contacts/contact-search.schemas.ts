import { z } from 'zod';
import { contactFilterSchema, SEARCH_DESCRIPTION } from './contact-filter.ts';
import { CONTACT_STATUSES, CONTACT_TYPES, contactSchema } from './contact.schemas.ts';

/** The largest total counted exactly; beyond it the answer is "at least this many". */
/**
 * Totals are exact up to here. Counting further costs as much as the whole match (145 ms for a
 * filter matching a third of a million contacts): past it the list says "1,000+".
 */
export const TOTAL_CAP = 1_000;

const SORT = /^-?(createdAt|updatedAt|fullName|email|leadScore|customFields\.[a-z][a-z0-9_]{0,62})$/;

/** `createdAt` ascending, `-createdAt` descending; custom fields as `customFields.<key>`. */
export const contactSort = z
  .string()
  .regex(SORT, {
    error:
      'must be createdAt, updatedAt, fullName, email, leadScore or customFields.<key>, with a leading - for descending, e.g. -createdAt',
  })
  .default('-createdAt');

const limit = z.coerce
  .number({ error: 'must be a number from 1 to 200' })
  .int()
  .min(1, { error: 'must be from 1 to 200' })
  .max(200, { error: 'must be from 1 to 200' })
  .default(50);
const cursor = z.string().max(1000).optional();

const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(4000)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(item).max(100));

/** The simple filters of the list endpoint; the full language is POST .../contacts/search. */
export const listContactsQuery = z.strictObject({
  search: z
    .string()
    .max(200, { error: 'search is at most 200 characters' })
    .describe(SEARCH_DESCRIPTION)
    .optional(),
  status: commaList(
    z.enum(CONTACT_STATUSES, { error: `must be among ${CONTACT_STATUSES.join(', ')}` }),
  ).optional(),
  type: commaList(z.enum(CONTACT_TYPES, { error: `must be among ${CONTACT_TYPES.join(', ')}` })).optional(),
  source: z.string().trim().min(1).max(200).optional(),
  assignedUserId: z
    .union([z.uuid(), z.literal('unassigned')], { error: "must be a user id or 'unassigned'" })
    .optional(),
  /** Comma-separated tag ids: contacts with any of them. */
  tagIds: commaList(z.uuid({ error: 'must be tag ids (UUIDs), comma-separated' })).optional(),
  sort: contactSort,
  limit,
  cursor,
});
export type ListContactsQuery = z.infer<typeof listContactsQuery>;

export const searchContactsBody = z.strictObject({
  filter: contactFilterSchema.default({}),
  sort: contactSort,
  limit: z.number().int().min(1).max(200).default(50),
  cursor,
});
export type SearchContactsInput = z.infer<typeof searchContactsBody>;

export const contactSearchPage = z.object({
  items: z.array(contactSchema),
  nextCursor: z.string().nullable(),
  /** Exact up to TOTAL_CAP; beyond it, TOTAL_CAP with totalIsEstimate true ("1,000+"). */
  total: z.number().int(),
  totalIsEstimate: z.boolean(),
});
export type ContactSearchPage = z.infer<typeof contactSearchPage>;

/** At most this many distinct sources are counted (the first ones alphabetically, then no source). */
export const SOURCE_COUNT_LIMIT = 100;

export const contactSourceCounts = z.object({
  items: z.array(
    z.object({
      /** null: contacts without a source. */
      source: z.string().nullable(),
      /** Exact up to TOTAL_CAP; beyond it, TOTAL_CAP with countIsEstimate true ("1,000+"). */
      count: z.number().int(),
      countIsEstimate: z.boolean(),
    }),
  ),
  /** More distinct sources than SOURCE_COUNT_LIMIT: only the first ones alphabetically are counted. */
  truncated: z.boolean(),
});
export type ContactSourceCounts = z.infer<typeof contactSourceCounts>;
