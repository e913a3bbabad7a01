import {
  type Address,
  IGNORE_COLUMN,
  IMPORTED_ADDRESS_PARTS,
  IMPORTED_TEXT_FIELDS,
  type ImportedTextField,
  noImportedText,
} from '../contacts/index.ts';

/**
 * One CSV record to one contact's values, or the reason it cannot be imported. Pure: the rules of
 * other modules (phone normalisation) come in through `RowRules`; custom field values are returned
 * as text for the caller to check against their definitions.
 */

export type RowRules = {
  /** E.164, or null when the text is not a phone number of `country` (or international). */
  normalizePhone: (raw: string) => string | null;
};

export type RowValues = Record<ImportedTextField, string | null> & {
  email: string | null;
  phone: string | null;
  address: Address;
  customFields: Record<string, unknown>;
  tagNames: string[];
};

const TEXT_FIELDS = new Set<string>(IMPORTED_TEXT_FIELDS);
const ADDRESS_FIELDS = new Map<string, keyof Address>(
  IMPORTED_ADDRESS_PARTS.map((part) => [`address.${part}`, part]),
);

/** `custom`: the cells mapped to custom fields, as text; checked by the caller (it needs the database). */
export type MappedRow =
  { ok: true; values: RowValues; custom: Record<string, string> } | { ok: false; reason: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TEXT_MAX = 500;

/** Column index -> field, from the header -> field mapping chosen in the wizard. */
export function columnFields(headers: string[], mapping: Record<string, string>): (string | undefined)[] {
  return headers.map((header) => {
    const field = mapping[header];
    return field && field !== IGNORE_COLUMN ? field : undefined;
  });
}

function splitFullName(full: string): { first: string | null; last: string | null } {
  const parts = full.trim().split(/\s+/);
  if (parts.length === 1) return { first: parts[0] || null, last: null };
  return { first: parts.slice(0, -1).join(' '), last: parts.at(-1)! };
}

function splitTags(cell: string): string[] {
  return cell
    .split(/[,;|]/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0 && t.length <= 100);
}

export function mapRow(record: string[], fields: (string | undefined)[], rules: RowRules): MappedRow {
  if (record.length !== fields.length) {
    return {
      ok: false,
      reason: `has ${record.length} columns, the header has ${fields.length}: check for a missing or extra delimiter or an unclosed quote`,
    };
  }
  const v: RowValues = {
    ...noImportedText(),
    email: null,
    phone: null,
    address: {},
    customFields: {},
    tagNames: [],
  };
  const custom: Record<string, string> = {};
  const errors: string[] = [];
  let fullName: string | null = null;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (!field) continue;
    const cell = record[i]!.trim();
    if (cell === '') continue;
    if (field.startsWith('custom.')) {
      custom[field.slice('custom.'.length)] = cell;
      continue;
    }
    if (field !== 'tags' && cell.length > TEXT_MAX) {
      errors.push(`${field}: must be at most ${TEXT_MAX} characters`);
      continue;
    }
    const addressPart = ADDRESS_FIELDS.get(field);
    if (addressPart) {
      v.address[addressPart] = cell;
      continue;
    }
    if (TEXT_FIELDS.has(field)) {
      v[field as ImportedTextField] = cell;
      continue;
    }
    switch (field) {
      case 'email':
        if (!EMAIL.test(cell)) errors.push(`email: '${cell}' is not an email address, e.g. name@example.com`);
        else v.email = cell.toLowerCase();
        break;
      case 'phone': {
        const phone = rules.normalizePhone(cell);
        if (!phone) errors.push(`phone: '${cell}' is not a valid phone number; use E.164, e.g. +14155550123`);
        else v.phone = phone;
        break;
      }
      case 'fullName':
        fullName = cell;
        break;
      case 'tags':
        v.tagNames.push(...splitTags(cell));
        break;
      default:
        errors.push(`${field}: is not a field a column can be mapped to`);
    }
  }
  // A full-name column fills first and last name only where they were not mapped themselves.
  if (fullName !== null) {
    const split = splitFullName(fullName);
    v.firstName ??= split.first;
    v.lastName ??= split.last;
  }
  if (errors.length > 0) return { ok: false, reason: errors.join('; ') };
  // A company alone would be listed as "Unnamed contact" that nobody can reach or recognise.
  if (!v.firstName && !v.lastName && !v.email && !v.phone) {
    return {
      ok: false,
      reason: 'needs a name, an email or a phone: fill one of them in and import it again',
    };
  }
  return { ok: true, values: v, custom };
}
