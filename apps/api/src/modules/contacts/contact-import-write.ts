import { sql } from 'drizzle-orm';
import { tx, txRows } from '../../platform/db/tenant.ts';
import { IMPORTED_TEXT_FIELDS, type ImportedTextField } from './contact-import-fields.ts';
import type { Address } from './contact.tables.ts';

/**
 * The batch write path of CSV imports into contacts, tags and contact_tags: a few set-based
 * statements per batch of ~1,000 rows (jsonb_to_recordset / unnest), never one statement per row,
 * which is what lets an import reach thousands of rows a second. Lives in the contacts module
 * because it writes the contacts tables; the import module calls it inside its batch transaction.
 * Callers validate and normalise every value first: these functions trust their input.
 */

export type ImportedContact = Record<ImportedTextField, string | null> & {
  id: string;
  email: string | null;
  phone: string | null;
  address: Address;
  customFields: Record<string, unknown>;
};

export type ContactMatch = { id: string; email: string | null; phone: string | null };

/** Live contacts of the sub-account with one of these emails (any case) or phones (E.164). */
export async function findContactsByEmailOrPhone(
  subAccountId: string,
  emails: string[],
  phones: string[],
): Promise<ContactMatch[]> {
  if (emails.length === 0 && phones.length === 0) return [];
  // Two index probes (contacts_email_idx, contacts_phone_idx) rather than one OR, which the
  // planner may turn into a bitmap over both; oldest first so the earliest contact wins a match.
  return txRows<ContactMatch>(
    sql`select id, email::text as email, phone from contacts
      where sub_account_id = ${subAccountId} and email = any(${sql.param(emails)}::citext[]) and deleted_at is null
     union
     select id, email::text as email, phone from contacts
      where sub_account_id = ${subAccountId} and phone = any(${sql.param(phones)}::text[]) and deleted_at is null
     order by id`,
  );
}

// The record the statements below read: IMPORTED_TEXT_FIELDS as snake-case columns, and the rest.
// Spelled out so the SQL reads as SQL; contact-import.test.ts imports every field and reads it back.
const RECORD = sql`r(id uuid, first_name text, last_name text, email text, phone text, company_name text,
  address jsonb, source text, utm_source text, utm_medium text, utm_campaign text, utm_term text,
  utm_content text, custom_fields jsonb)`;

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function toRecord(c: ImportedContact) {
  return {
    id: c.id,
    ...Object.fromEntries(IMPORTED_TEXT_FIELDS.map((field) => [column(field), c[field]])),
    email: c.email,
    phone: c.phone,
    address: c.address,
    custom_fields: c.customFields,
  };
}

/**
 * Inserts new contacts in one statement. `on conflict do nothing` on the primary key keeps a
 * re-run of the same batch (same ids) harmless. Returns the ids actually inserted.
 */
export async function insertImportedContacts(
  subAccountId: string,
  contacts: ImportedContact[],
): Promise<string[]> {
  if (contacts.length === 0) return [];
  const records = JSON.stringify(contacts.map(toRecord));
  const rows = await txRows<{ id: string }>(
    sql`insert into contacts (sub_account_id, id, first_name, last_name, email, phone, company_name, address,
                           source, utm_source, utm_medium, utm_campaign, utm_term, utm_content, custom_fields)
     select ${subAccountId}, r.id, r.first_name, r.last_name, r.email, r.phone, r.company_name, coalesce(r.address, '{}'),
            r.source, r.utm_source, r.utm_medium, r.utm_campaign, r.utm_term, r.utm_content,
            coalesce(r.custom_fields, '{}')
       from jsonb_to_recordset(${records}::jsonb) as ${RECORD}
     on conflict (sub_account_id, id) do nothing
     returning id`,
  );
  return rows.map((r) => r.id);
}

/**
 * Updates existing contacts in one statement: a value given in the file replaces the stored one,
 * an empty cell (null here) keeps it; address and custom fields are merged key by key.
 */
export async function updateImportedContacts(
  subAccountId: string,
  contacts: ImportedContact[],
): Promise<string[]> {
  if (contacts.length === 0) return [];
  const records = JSON.stringify(contacts.map(toRecord));
  const rows = await txRows<{ id: string }>(
    sql`update contacts c set
        first_name = coalesce(r.first_name, c.first_name),
        last_name = coalesce(r.last_name, c.last_name),
        email = coalesce(r.email, c.email::text),
        phone = coalesce(r.phone, c.phone),
        company_name = coalesce(r.company_name, c.company_name),
        address = c.address || coalesce(r.address, '{}'),
        source = coalesce(r.source, c.source),
        utm_source = coalesce(r.utm_source, c.utm_source),
        utm_medium = coalesce(r.utm_medium, c.utm_medium),
        utm_campaign = coalesce(r.utm_campaign, c.utm_campaign),
        utm_term = coalesce(r.utm_term, c.utm_term),
        utm_content = coalesce(r.utm_content, c.utm_content),
        custom_fields = c.custom_fields || coalesce(r.custom_fields, '{}')
       from jsonb_to_recordset(${records}::jsonb) as ${RECORD}
      where c.sub_account_id = ${subAccountId} and c.id = r.id and c.deleted_at is null
      returning c.id`,
  );
  return rows.map((r) => r.id);
}

/** Adds (contact, tag) pairs in one statement; pairs already there are left alone. */
export async function addImportedTags(
  subAccountId: string,
  pairs: { contactId: string; tagId: string }[],
): Promise<void> {
  if (pairs.length === 0) return;
  const contactIds = sql.param(pairs.map((p) => p.contactId));
  const tagIds = sql.param(pairs.map((p) => p.tagId));
  await tx().execute(
    sql`insert into contact_tags (sub_account_id, contact_id, tag_id)
     select ${subAccountId}, p.contact_id, p.tag_id from unnest(${contactIds}::uuid[], ${tagIds}::uuid[]) as p(contact_id, tag_id)
     on conflict do nothing`,
  );
}

/**
 * The ids of tags named in the file, creating the missing ones (names compare ignoring case, as the
 * tags_name_key index does). Keys of the result are the names lower-cased.
 */
export async function ensureTagsByName(
  subAccountId: string,
  names: string[],
  newIds: () => string,
): Promise<Map<string, string>> {
  const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  if (unique.length === 0) return new Map();
  const ids = sql.param(unique.map(() => newIds()));
  await tx().execute(
    sql`insert into tags (sub_account_id, id, name)
     select ${subAccountId}, t.id, t.name from unnest(${ids}::uuid[], ${sql.param(unique)}::text[]) as t(id, name)
     on conflict (sub_account_id, name) do nothing`,
  );
  const rows = await txRows<{ id: string; name: string }>(
    sql`select id, name::text as name from tags
      where sub_account_id = ${subAccountId} and name = any(${sql.param(unique)}::citext[])`,
  );
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

/** Which of these tag ids are tags of the sub-account (another sub-account's ids are not). */
export async function existingTagIds(subAccountId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await txRows<{ id: string }>(
    sql`select id from tags where sub_account_id = ${subAccountId} and id = any(${sql.param(ids)}::uuid[])`,
  );
  return rows.map((r) => r.id);
}
