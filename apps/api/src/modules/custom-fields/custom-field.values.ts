import { isValidPhoneNumber } from 'libphonenumber-js';
import { YEARS_MESSAGE, isStorableInstant } from '../../platform/http/dates.ts';
import type { CustomFieldType } from './custom-field.constants.ts';

/** What the value rules need to know of a definition. */
export type FieldRule = { key: string; type: CustomFieldType; options: string[] };

export type Checked = { ok: true; value: unknown } | { ok: false; message: string };

const TEXT_MAX = 2_000;
const LONG_TEXT_MAX = 50_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// An offset is required: a datetime without one would be read in whatever zone the server runs in.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ok = (value: unknown): Checked => ({ ok: true, value });
const no = (message: string): Checked => ({ ok: false, message });

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return isStorableInstant(date) && date.toISOString().slice(0, 10) === value;
}

/**
 * Checks one value against its field's type and returns it in stored form (datetimes in UTC, so
 * the stored ISO text sorts correctly as text; selects deduplicated). Strict: the API's types.
 */
export function checkValue(rule: FieldRule, value: unknown): Checked {
  switch (rule.type) {
    case 'text':
    case 'long_text': {
      const max = rule.type === 'text' ? TEXT_MAX : LONG_TEXT_MAX;
      if (typeof value !== 'string') return no('must be a string');
      if (value.length > max) return no(`must be at most ${max} characters`);
      return ok(value);
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return no('must be a number, e.g. 42 or 3.5');
      return ok(value);
    case 'money':
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        return no('must be a whole number of minor units, e.g. 2500 for $25.00');
      return ok(value);
    case 'date':
      if (typeof value !== 'string' || !isRealDate(value))
        return no('must be a date YYYY-MM-DD, e.g. 2024-03-31');
      return ok(value);
    case 'datetime': {
      if (typeof value !== 'string' || !DATETIME.test(value) || Number.isNaN(Date.parse(value)))
        return no('must be an ISO 8601 date-time with a zone, e.g. 2024-03-31T14:30:00Z');
      if (!isStorableInstant(new Date(value))) return no(YEARS_MESSAGE);
      return ok(new Date(value).toISOString());
    }
    case 'boolean':
      if (typeof value !== 'boolean') return no('must be true or false');
      return ok(value);
    case 'single_select':
      if (typeof value !== 'string' || !rule.options.includes(value))
        return no(`must be one of: ${rule.options.join(', ')}`);
      return ok(value);
    case 'multi_select': {
      if (!Array.isArray(value)) return no(`must be a list of options among: ${rule.options.join(', ')}`);
      const unknown = value.filter((v) => typeof v !== 'string' || !rule.options.includes(v));
      if (unknown.length > 0)
        return no(`${JSON.stringify(unknown[0])} is not an option; options: ${rule.options.join(', ')}`);
      return ok([...new Set(value as string[])]);
    }
    case 'phone':
      if (typeof value !== 'string' || !/^\+[1-9]\d{6,14}$/.test(value) || !isValidPhoneNumber(value))
        return no('must be a phone number in E.164, e.g. +14155550123');
      return ok(value);
    case 'email':
      if (typeof value !== 'string' || value.length > 320 || !EMAIL.test(value))
        return no('must be an email address, e.g. name@example.com');
      return ok(value.trim().toLowerCase());
    case 'url': {
      if (typeof value !== 'string' || value.length > 2_000)
        return no('must be a URL, e.g. https://example.com');
      try {
        const url = new URL(value);
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          return no('must be an http(s) URL, e.g. https://example.com');
      } catch {
        return no('must be a URL, e.g. https://example.com');
      }
      return ok(value);
    }
  }
}

// Free text keeps its spaces; for the structured types surrounding spaces carry nothing.
const TEXTUAL: CustomFieldType[] = ['phone', 'email', 'url', 'single_select', 'date'];

/**
 * Converts a stored value of one field shape to another (retyping, renaming options): lenient
 * where no information is lost (42 -> "42", "42" -> 42, "a" -> ["a"], a date -> its midnight UTC),
 * refusing otherwise (a datetime with a time of day -> date, two selected options -> one).
 */
export function convertValue(from: FieldRule, to: FieldRule, value: unknown): Checked {
  if (value === null || value === undefined) return ok(value);
  let candidate: unknown = value;
  if (to.type === 'text' || to.type === 'long_text') {
    if (typeof value === 'number' || typeof value === 'boolean') candidate = String(value);
    if (Array.isArray(value)) candidate = value.join(', ');
  } else if (to.type === 'number' || to.type === 'money') {
    if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) candidate = Number(value);
  } else if (to.type === 'boolean') {
    if (typeof value === 'string') {
      const lower = value.trim().toLowerCase();
      if (['true', 'yes'].includes(lower)) candidate = true;
      if (['false', 'no'].includes(lower)) candidate = false;
    }
  } else if (to.type === 'date') {
    if (from.type === 'datetime' && typeof value === 'string' && value.endsWith('T00:00:00.000Z'))
      candidate = value.slice(0, 10);
  } else if (to.type === 'datetime') {
    if (typeof value === 'string' && isRealDate(value)) candidate = `${value}T00:00:00.000Z`;
  } else if (to.type === 'multi_select') {
    if (typeof value === 'string') candidate = [value];
  } else if (to.type === 'single_select') {
    if (Array.isArray(value) && value.length === 1) candidate = value[0];
  }
  if (TEXTUAL.includes(to.type) && typeof candidate === 'string') candidate = candidate.trim();
  return checkValue(to, candidate);
}
