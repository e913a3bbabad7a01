import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** Keyset pagination: the cursor is the sort key of the last row, opaque to clients. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export type Page<T> = { items: T[]; nextCursor: string | null };

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor: not a cursor from this list; pass nextCursor unchanged', {
    fieldErrors: [{ field: 'cursor', message: 'not a cursor from this list; pass nextCursor unchanged' }],
  });
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
  const before = decodeCursor(page.cursor, 1);
  const rows = await fetch({ before: before ? String(before[0]) : undefined, limit: page.limit });
  return toPage(rows, page.limit, (row) => [idOf(row)], map);
}
