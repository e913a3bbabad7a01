/** SQLSTATE of a database error, looking through Drizzle's wrapping; undefined for other errors. */
export function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A data exception (SQLSTATE class 22: a value the column's type cannot hold, such as a date in
 * year 0, a NUL in text, a number past its type's range), with PostgreSQL's message; undefined for
 * other errors. Input validation should refuse such values first; this names what slipped through.
 */
export function dataException(error: unknown): { state: string; message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
      return code.startsWith('22') ? { state: code, message: String(message ?? '') } : undefined;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const FOREIGN_KEY_VIOLATION = '23503';
export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';
export const INSUFFICIENT_PRIVILEGE = '42501';
