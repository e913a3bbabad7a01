import { z } from 'zod';

/**
 * Dates and times the API takes, in the years PostgreSQL and every client agree on: 0001 to 9999.
 * ISO 8601 writes four-digit years, and PostgreSQL has no year 0 (it refuses `0000-01-01` and a
 * JavaScript Date in year 0 with "date/time field value out of range"), so every schema that
 * parses a date or a date-time uses these, and a year outside the range is a 400 naming the field.
 */

export const YEARS_MESSAGE = 'must be in the years 0001 to 9999';

/** A UTC calendar time (Date.UTC would read the years 0-99 as 19xx). */
function utcTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date;
}

const FIRST_INSTANT = utcTime(1, 1, 1).getTime();
const END_INSTANT = utcTime(10000, 1, 1).getTime();

/** A real instant whose UTC year is 0001-9999 (an offset can move a time into year 0 or 10000). */
export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  return time >= FIRST_INSTANT && time < END_INSTANT;
}

/** The years are checked only on a value of the right form: one message, the one that applies. */
const wellFormed = (payload: { issues: unknown[] }) => payload.issues.length === 0;

/** `YYYY-MM-DD`, a real day, years 0001-9999. */
export function isoDate(options: { error: string }) {
  return z.iso
    .date({ error: options.error })
    .refine((value) => !value.startsWith('0000-'), { error: YEARS_MESSAGE, when: wellFormed });
}

/** An ISO 8601 date-time (`Z`, or with `offset` any offset), at an instant in the years 0001-9999. */
export function isoDateTime(options: { error: string; offset?: boolean }) {
  return z.iso
    .datetime({ error: options.error, ...(options.offset ? { offset: true } : {}) })
    .refine((value) => isStorableInstant(new Date(value)), { error: YEARS_MESSAGE, when: wellFormed });
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * A time as PostgreSQL (`2026-01-31 09:15:00.123456+00`) or ISO 8601 (`2026-01-31T09:15:00.123Z`)
 * writes it, that PostgreSQL and JavaScript both read back: a real day and time, years 0001-9999
 * also once moved to UTC. For values that come back from clients, such as cursors.
 */
export function isTimestampText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [sign, offsetHours, offsetMinutes] = [m[7] === '-' ? -1 : 1, Number(m[8] ?? 0), Number(m[9] ?? 0)];
  const local = utcTime(year, month, day, hour, minute, second);
  const instant = new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  return (
    local.getUTCFullYear() === year &&
    local.getUTCMonth() === month - 1 &&
    local.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 15 &&
    offsetMinutes <= 59 &&
    isStorableInstant(instant)
  );
}
