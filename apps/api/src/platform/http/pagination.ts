import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { isTimestampText } from './dates.ts';

/** Keyset pagination: the cursor is the sort key of the last row, opaque to clients. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export type Page<T> = { items: T[]; nextCursor: string | null };

/** A cursor of the last row's key values (see decodeCursor for their kinds). */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * What a cursor part holds, and what it decodes to. Every list declares the shape of its key, so a
 * cursor that is not one of its own (tampered, from another list, from another sort) is a 400
 * before any of it reaches SQL.
 *
 * - `uuid`: an id.
 * - `text`: text of at most MAX_TEXT characters, without NUL (PostgreSQL text cannot hold one).
 * - `int`: a whole number within PostgreSQL's integer (int4), such as a position.
 * - `flag`: 0 or 1, decoded as false or true.
 * - `timestamp`: a time as PostgreSQL (`2026-01-31 09:15:00.123456+00`) or ISO 8601
 *   (`2026-01-31T09:15:00.123Z`) writes it, years 0001 to 9999.
 * - `timestamp?`: the same, or `''` for none (decoded as null).
 */
type CursorKinds = {
  uuid: string;
  text: string;
  int: number;
  flag: boolean;
  timestamp: string;
  'timestamp?': string | null;
};
export type CursorPart = keyof CursorKinds;
export type CursorValues<Shape extends readonly CursorPart[]> = {
  -readonly [I in keyof Shape]: CursorKinds[Shape[I]];
};

const MAX_TEXT = 1000;
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** An int4 value, as a number or as PostgreSQL's text form of one. */
export function isInt4(value: unknown): boolean {
  const n = typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : value;
  return Number.isSafeInteger(n) && (n as number) >= INT4_MIN && (n as number) <= INT4_MAX;
}

const NOT_A_PART = Symbol('not a cursor part');

function part(kind: CursorPart, value: unknown): unknown {
  switch (kind) {
    case 'uuid':
      return isUuid(value) ? value : NOT_A_PART;
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT && !value.includes('\u0000')
        ? value
        : NOT_A_PART;
    case 'int':
      return typeof value === 'number' && isInt4(value) ? value : NOT_A_PART;
    case 'flag':
      return value === 0 ? false : value === 1 ? true : NOT_A_PART;
    case 'timestamp':
      return isTimestampText(value) ? value : NOT_A_PART;
    case 'timestamp?':
      return value === '' ? null : isTimestampText(value) ? value : NOT_A_PART;
  }
}

export const CURSOR_REFUSED = 'not a cursor from this list; pass nextCursor unchanged';

export function invalidCursor(): AppError {
  return new AppError('validation_failed', `cursor: ${CURSOR_REFUSED}`, {
    fieldErrors: [{ field: 'cursor', message: CURSOR_REFUSED }],
  });
}

/** The values of a cursor of a list whose key has this shape; a 400 for anything else. */
export function decodeCursor<const Shape extends readonly CursorPart[]>(
  cursor: string | undefined,
  shape: Shape,
): CursorValues<Shape> | undefined {
  if (cursor === undefined) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(values) || values.length !== shape.length) throw invalidCursor();
  const decoded = shape.map((kind, i) => part(kind, values[i]));
  if (decoded.includes(NOT_A_PART)) throw invalidCursor();
  return decoded as CursorValues<Shape>;
}

/** Fetch limit + 1 rows; the extra row says whether there is a next page. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => (string | number)[],
  map: (row: Row) => Item,
): Page<Item> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map(map),
    nextCursor: more && last !== undefined ? encodeCursor(cursorOf(last)) : null,
  };
}

/**
 * A newest-first page of rows keyed by a time-ordered (UUID v7) id: the cursor is the last id
 * seen, and `fetch` returns up to limit + 1 rows older than `before`.
 */
export async function newestFirst<Row, Item>(
  page: { limit: number; cursor?: string | undefined },
  fetch: (query: { before: string | undefined; limit: number }) => Promise<Row[]>,
  idOf: (row: Row) => string,
  map: (row: Row) => Item,
): Promise<Page<Item>> {
  const before = decodeCursor(page.cursor, ['uuid']);
  const rows = await fetch({ before: before?.[0], limit: page.limit });
  return toPage(rows, page.limit, (row) => [idOf(row)], map);
}
