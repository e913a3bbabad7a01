import { parse } from 'csv-parse/sync';
import { IGNORE_COLUMN, IMPORTABLE_CONTACT_FIELDS, type ImportableContactField } from '../contacts/index.ts';

/**
 * What the upload learns from the first bytes of a file: its delimiter, its header row and a
 * suggested mapping. Pure functions, so the wizard's guesses are tested without a database.
 */

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/**
 * Splits the first lines of a file on newlines outside double quotes (a quoted newline belongs to
 * its field), keeping at most `max` lines.
 */
function firstLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length && lines.length < max; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === '\n' && !inQuotes) {
      lines.push(text.slice(start, i).replace(/\r$/, ''));
      start = i + 1;
    }
  }
  if (lines.length < max && start < text.length) lines.push(text.slice(start));
  return lines.filter((line) => line.trim() !== '');
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let inQuotes = false;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (c === delimiter && !inQuotes) count++;
  }
  return count;
}

/**
 * The delimiter that splits the header into the most columns and the following lines into the
 * same number (a semicolon inside a comma file's values appears on some lines, not on all).
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = firstLines(stripBom(sample), 20);
  const header = lines[0] ?? '';
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const columns = countOutsideQuotes(header, delimiter);
    if (columns === 0) continue;
    // The last line may be cut in the middle by the sample's end.
    const body = lines.slice(1, -1);
    const consistent = body.filter((line) => countOutsideQuotes(line, delimiter) === columns).length;
    const score = columns * (body.length === 0 ? 1 : consistent / body.length);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/**
 * The header row's cells, trimmed; blank cells become "Column N" and repeated names get " (2)",
 * so every header names one column (the mapping is keyed by header).
 */
export function parseHeaders(sample: string, delimiter: Delimiter): string[] {
  const header = firstLines(stripBom(sample), 1)[0] ?? '';
  let cells: string[];
  try {
    const records = parse(header, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
    cells = records[0] ?? [];
  } catch {
    cells = header.split(delimiter);
  }
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const name = cell.trim() || `Column ${index + 1}`;
    const n = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/** The contact fields a column can be mapped to (the contacts module's list); `custom.<key>` maps to a custom field. */
export const STANDARD_FIELDS = Object.keys(IMPORTABLE_CONTACT_FIELDS) as StandardField[];
export type StandardField = ImportableContactField;

/** Header spellings seen in exports (GoHighLevel, HubSpot, Mailchimp, spreadsheets), normalised. */
const SYNONYMS: Record<StandardField, string[]> = {
  firstName: ['firstname', 'first', 'fname', 'givenname', 'forename', 'prenom', 'vorname', 'nombre'],
  lastName: ['lastname', 'last', 'lname', 'surname', 'familyname', 'nom', 'nachname', 'apellido'],
  fullName: ['name', 'fullname', 'contactname', 'contact', 'displayname', 'customername', 'leadname'],
  email: ['email', 'emailaddress', 'mail', 'e-mail', 'emails', 'primaryemail', 'workemail', 'courriel'],
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'mobilenumber',
    'cell',
    'cellphone',
    'tel',
    'telephone',
    'primaryphone',
    'workphone',
    'whatsapp',
  ],
  companyName: [
    'company',
    'companyname',
    'organization',
    'organisation',
    'business',
    'businessname',
    'account',
    'employer',
  ],
  'address.line1': ['address', 'address1', 'addressline1', 'street', 'streetaddress', 'line1', 'address_1'],
  'address.line2': ['address2', 'addressline2', 'line2', 'suite', 'apartment', 'unit'],
  'address.city': ['city', 'town', 'locality'],
  'address.state': ['state', 'province', 'region', 'county', 'stateprovince', 'stateregion'],
  'address.postalCode': ['zip', 'zipcode', 'postalcode', 'postcode', 'postal', 'plz'],
  'address.country': ['country', 'countrycode', 'nation'],
  source: ['source', 'leadsource', 'contactsource', 'origin', 'channel'],
  utmSource: ['utmsource'],
  utmMedium: ['utmmedium'],
  utmCampaign: ['utmcampaign', 'campaign'],
  utmTerm: ['utmterm', 'keyword'],
  utmContent: ['utmcontent'],
  tags: ['tags', 'tag', 'labels', 'label', 'lists', 'segments'],
};

/** Lower case, letters and digits only: "E-mail Address" and "email_address" both become "emailaddress". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const SYNONYM_INDEX = new Map<string, StandardField>(
  Object.entries(SYNONYMS).flatMap(([field, names]) =>
    names.map((name) => [normaliseHeader(name), field as StandardField] as const),
  ),
);

/** Edit distance, for near-misses such as "Emial" or "Frist Name". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function guessField(header: string, customKeys: Map<string, string>): string | undefined {
  const key = normaliseHeader(header);
  if (!key) return undefined;
  const exact = SYNONYM_INDEX.get(key);
  if (exact) return exact;
  const custom = customKeys.get(key);
  if (custom) return `custom.${custom}`;
  // "Contact Email", "Billing City": a known name at the end of the header.
  for (const [synonym, field] of SYNONYM_INDEX) {
    if (synonym.length >= 4 && key.endsWith(synonym)) return field;
  }
  // Typos: one edit for short names, two for long ones.
  let best: { field: string; d: number } | undefined;
  const candidates: [string, string][] = [
    ...[...SYNONYM_INDEX].map(([s, f]) => [s, f] as [string, string]),
    ...[...customKeys].map(([s, k]) => [s, `custom.${k}`] as [string, string]),
  ];
  for (const [synonym, field] of candidates) {
    if (synonym.length < 4) continue;
    const d = distance(key, synonym);
    const allowed = synonym.length >= 8 ? 2 : 1;
    if (d <= allowed && (!best || d < best.d)) best = { field, d };
  }
  return best?.field;
}

/**
 * header -> field for every header, `ignore` where nothing fits. A field is suggested once (the
 * first header that matches it); first and last name win over a full name column.
 */
export function suggestMapping(
  headers: string[],
  customFields: { key: string; name: string }[],
): Record<string, string> {
  const customKeys = new Map<string, string>();
  for (const field of customFields) {
    customKeys.set(normaliseHeader(field.key), field.key);
    customKeys.set(normaliseHeader(field.name), field.key);
  }
  const taken = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const header of headers) {
    const field = guessField(header, customKeys);
    if (field && !taken.has(field)) {
      mapping[header] = field;
      taken.add(field);
    } else {
      mapping[header] = IGNORE_COLUMN;
    }
  }
  return mapping;
}

/**
 * Counts data rows as bytes arrive, without parsing them: newlines outside double quotes that end
 * a non-blank line, minus the header. An escaped quote ("") toggles twice, so it needs no special
 * case. It matches csv-parse with skip_empty_lines, which the job uses.
 */
export class RowCounter {
  private inQuotes = false;
  private lineHasContent = false;
  private records = 0;

  push(bytes: Uint8Array): void {
    let inQuotes = this.inQuotes;
    let content = this.lineHasContent;
    let records = this.records;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === 0x22) {
        inQuotes = !inQuotes;
        content = true;
      } else if (b === 0x0a) {
        if (!inQuotes && content) {
          records++;
          content = false;
        }
      } else if (b !== 0x0d && b !== 0x20 && b !== 0x09) {
        content = true;
      }
    }
    this.inQuotes = inQuotes;
    this.lineHasContent = content;
    this.records = records;
  }

  /** Data rows (the header excluded). */
  total(): number {
    const records = this.records + (this.lineHasContent ? 1 : 0);
    return Math.max(0, records - 1);
  }
}
