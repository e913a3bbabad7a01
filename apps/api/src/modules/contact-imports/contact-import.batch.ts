import {
  type ContactMatch,
  type ImportedContact,
  IMPORTED_TEXT_FIELDS,
  noImportedText,
} from '../contacts/index.ts';
import type { RowValues } from './contact-import.rows.ts';
import type { DuplicatePolicy } from './contact-import.schemas.ts';

/**
 * Decides, for one batch of valid rows, which become new contacts, which update existing ones and
 * which are skipped as duplicates. Pure: matches against the sub-account are looked up before, and
 * duplicates inside the batch are matched here (a file that lists a person twice creates them once,
 * unless the policy is 'create'). Rows of earlier batches are already in the database by then.
 */

export type ValidRow = { rowNumber: number; values: RowValues };

export type BatchPlan = {
  inserts: ImportedContact[];
  updates: ImportedContact[];
  /** Tag names per contact id (new or updated). */
  tagNames: Map<string, string[]>;
  /** Rows that made a contact or changed one (several rows may end in one contact). */
  createdRows: number;
  updatedRows: number;
  skippedRows: number;
  /** Rows that would create a contact without a required custom field (and no default for it). */
  errors: { rowNumber: number; reason: string }[];
};

/**
 * A new contact's custom values as a create through the API stores them: defaults applied, and
 * required fields that have neither a value nor a default listed as missing.
 */
export type NewCustomFields = (given: Record<string, unknown>) => {
  values: Record<string, unknown>;
  missing: string[];
};

type Target = { contact: ImportedContact; isNew: boolean };

function blank(id: string): ImportedContact {
  return { id, ...noImportedText(), email: null, phone: null, address: {}, customFields: {} };
}

/** Later rows win: a value given replaces, an empty cell keeps what an earlier row gave. */
function merge(into: ImportedContact, v: RowValues): void {
  for (const field of IMPORTED_TEXT_FIELDS) into[field] = v[field] ?? into[field];
  into.email = v.email ?? into.email;
  into.phone = v.phone ?? into.phone;
  into.address = { ...into.address, ...v.address };
  into.customFields = { ...into.customFields, ...v.customFields };
}

export function planBatch(input: {
  rows: ValidRow[];
  policy: DuplicatePolicy;
  existing: ContactMatch[];
  newId: () => string;
  newCustomFields?: NewCustomFields | undefined;
}): BatchPlan {
  const byEmail = new Map<string, Target>();
  const byPhone = new Map<string, Target>();
  const targets = new Map<string, Target>();
  const remember = (target: Target) => {
    const { email, phone } = target.contact;
    if (email && !byEmail.has(email.toLowerCase())) byEmail.set(email.toLowerCase(), target);
    if (phone && !byPhone.has(phone)) byPhone.set(phone, target);
  };
  for (const match of input.existing) {
    const target: Target = { contact: blank(match.id), isNew: false };
    // Only the keys are known of an existing contact; the update sends nothing else it did not get.
    if (match.email) byEmail.set(match.email.toLowerCase(), byEmail.get(match.email.toLowerCase()) ?? target);
    if (match.phone) byPhone.set(match.phone, byPhone.get(match.phone) ?? target);
  }
  const tagNames = new Map<string, string[]>();
  const plan: BatchPlan = {
    inserts: [],
    updates: [],
    tagNames,
    createdRows: 0,
    updatedRows: 0,
    skippedRows: 0,
    errors: [],
  };
  const addTags = (id: string, names: string[]) => {
    if (names.length === 0) return;
    tagNames.set(id, [...(tagNames.get(id) ?? []), ...names]);
  };
  for (const row of input.rows) {
    const v = row.values;
    const found =
      input.policy === 'create'
        ? undefined
        : ((v.email ? byEmail.get(v.email.toLowerCase()) : undefined) ??
          (v.phone ? byPhone.get(v.phone) : undefined));
    if (found && input.policy === 'skip') {
      plan.skippedRows++;
      continue;
    }
    if (found) {
      merge(found.contact, v);
      if (!found.isNew && !targets.has(found.contact.id)) {
        targets.set(found.contact.id, found);
        plan.updates.push(found.contact);
      }
      remember(found);
      addTags(found.contact.id, v.tagNames);
      plan.updatedRows++;
      continue;
    }
    // A row that creates a contact is a create: defaults and required fields apply, as through the
    // API. A row merged into a contact (above) is an update: only the values it gives count.
    let values = v;
    if (input.newCustomFields) {
      const custom = input.newCustomFields(v.customFields);
      if (custom.missing.length > 0) {
        plan.errors.push({
          rowNumber: row.rowNumber,
          reason: custom.missing.map((key) => `customFields.${key}: is required`).join('; '),
        });
        continue;
      }
      values = { ...v, customFields: custom.values };
    }
    const target: Target = { contact: blank(input.newId()), isNew: true };
    merge(target.contact, values);
    targets.set(target.contact.id, target);
    plan.inserts.push(target.contact);
    remember(target);
    addTags(target.contact.id, v.tagNames);
    plan.createdRows++;
  }
  return plan;
}
