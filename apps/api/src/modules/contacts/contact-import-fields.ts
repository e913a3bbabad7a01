/**
 * The contact fields a CSV import can fill, listed once: the import's mapping accepts them, its row
 * parser reads them, the batch write stores them and the wizard offers them with these labels.
 * Imports nothing, so the dashboard bundles this file too (through apps/web/src/api/schemas.ts).
 */

/** Contact columns copied from a cell as it is. */
export const IMPORTED_TEXT_FIELDS = [
  'firstName',
  'lastName',
  'companyName',
  'source',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
] as const;
export type ImportedTextField = (typeof IMPORTED_TEXT_FIELDS)[number];

/** Every text field empty: what a row or contact starts from before its cells fill it. */
export const noImportedText = (): Record<ImportedTextField, string | null> =>
  Object.fromEntries(IMPORTED_TEXT_FIELDS.map((field) => [field, null])) as Record<
    ImportedTextField,
    string | null
  >;

/** The parts of a contact's address, each mapped as `address.<part>`. */
export const IMPORTED_ADDRESS_PARTS = ['line1', 'line2', 'city', 'state', 'postalCode', 'country'] as const;
export type ImportedAddressPart = (typeof IMPORTED_ADDRESS_PARTS)[number];

/** Fields read with a rule of their own: checked (email, phone), split (fullName, tags). */
type RuledField = 'fullName' | 'email' | 'phone' | 'tags';

/**
 * Every field a column can be mapped to, in the order the wizard lists them, with its label;
 * `custom.<key>` maps to a custom field. `satisfies` keeps it to exactly the fields above.
 */
export const IMPORTABLE_CONTACT_FIELDS = {
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name (split into first and last)',
  email: 'Email',
  phone: 'Phone',
  companyName: 'Company',
  'address.line1': 'Address line 1',
  'address.line2': 'Address line 2',
  'address.city': 'City',
  'address.state': 'State / region',
  'address.postalCode': 'Postal code',
  'address.country': 'Country',
  source: 'Source',
  utmSource: 'UTM source',
  utmMedium: 'UTM medium',
  utmCampaign: 'UTM campaign',
  utmTerm: 'UTM term',
  utmContent: 'UTM content',
  tags: 'Tags (comma-separated)',
} as const satisfies Record<ImportedTextField | `address.${ImportedAddressPart}` | RuledField, string>;
export type ImportableContactField = keyof typeof IMPORTABLE_CONTACT_FIELDS;

/** What a mapping says of a column to leave out. */
export const IGNORE_COLUMN = 'ignore';
