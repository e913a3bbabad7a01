import { getTableColumns } from 'drizzle-orm';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors/app-error.ts';
import { recordEventFor } from './contact.events.ts';
import { newId } from '../../platform/ids/ids.ts';
import { iso } from '../../platform/http/time.ts';
import { requireOnTeam } from '../access/index.ts';
import { subAccountSettings } from '../agencies/index.ts';
import { validateCustomFieldValues } from '../custom-fields/index.ts';
import * as repo from './contact.repository.ts';
import type { ContactView, CreateContactInput, UpdateContactInput } from './contact.schemas.ts';
import { CONSENT_CHANNELS } from './contact.constants.ts';
import { type Consent, contacts } from './contact.tables.ts';
import * as tagRepo from './tag.repository.ts';

/**
 * A phone in E.164 (`+14155550123`), read in the sub-account's default country when it has no
 * country code; null when it is not a valid number there.
 */
export function normalizePhone(input: string, defaultCountry: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry.toUpperCase() as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}

export function toContactView(c: repo.ContactRecord, tags: tagRepo.TagRef[]): ContactView {
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    fullName: c.fullName ?? '',
    email: c.email,
    phone: c.phone,
    additionalPhones: c.additionalPhones,
    companyName: c.companyName,
    address: c.address,
    timezone: c.timezone,
    dateOfBirth: c.dateOfBirth,
    type: c.type as ContactView['type'],
    status: c.status as ContactView['status'],
    lifecycleStage: c.lifecycleStage as ContactView['lifecycleStage'],
    source: c.source,
    sourceDetails: c.sourceDetails,
    utmSource: c.utmSource,
    utmMedium: c.utmMedium,
    utmCampaign: c.utmCampaign,
    utmTerm: c.utmTerm,
    utmContent: c.utmContent,
    leadScore: c.leadScore,
    aiScore: c.aiScore === null ? null : Number(c.aiScore),
    assignedUserId: c.assignedUserId,
    followerUserIds: c.followerUserIds,
    consent: c.consent,
    externalIds: c.externalIds,
    customFields: c.customFields,
    tags,
    deletedAt: iso(c.deletedAt),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

async function viewOf(ctx: SubAccountContext, record: repo.ContactRecord): Promise<ContactView> {
  const tags = await tagRepo.tagsOfContacts(ctx.subAccountId, [record.id]);
  return toContactView(record, tags.get(record.id) ?? []);
}

async function phonesOf(
  ctx: SubAccountContext,
  input: Pick<UpdateContactInput, 'phone' | 'additionalPhones'>,
): Promise<{ phone?: string | null; additionalPhones?: string[] }> {
  if (input.phone === undefined && input.additionalPhones === undefined) return {};
  const { defaultCountry } = await subAccountSettings(ctx.subAccountId);
  const one = (value: string, field: string) => {
    const phone = normalizePhone(value, defaultCountry);
    if (!phone) {
      throw invalid(
        field,
        `'${value}' is not a valid phone number for ${defaultCountry}; use E.164 with the country code, e.g. +14155550123`,
      );
    }
    return phone;
  };
  const out: { phone?: string | null; additionalPhones?: string[] } = {};
  if (input.phone !== undefined) out.phone = input.phone === null ? null : one(input.phone, 'phone');
  if (input.additionalPhones !== undefined) {
    out.additionalPhones = [
      ...new Set(input.additionalPhones.map((p, i) => one(p, `additionalPhones.${i}`))),
    ];
  }
  return out;
}

/** Consent given per channel; `at` moves only when the status or reason changes. */
function consentOf(existing: Consent, input: UpdateContactInput['consent']): Consent {
  if (!input) return existing;
  const now = new Date().toISOString();
  const next: Consent = { ...existing };
  for (const channel of CONSENT_CHANNELS) {
    const given = input[channel];
    if (!given) continue;
    const before = existing[channel];
    const same = before && before.status === given.status && before.reason === given.reason;
    next[channel] = same
      ? before
      : { status: given.status, at: now, ...(given.reason === undefined ? {} : { reason: given.reason }) };
  }
  return next;
}

/** Turns validated input into column values: phones, consent, users and custom fields checked. */
async function valuesOf(
  ctx: SubAccountContext,
  input: UpdateContactInput,
  existing: repo.ContactRecord | undefined,
): Promise<Partial<repo.ContactValues>> {
  const {
    phone: _phone,
    additionalPhones: _additional,
    consent,
    customFields,
    email,
    externalIds,
    ...plain
  } = input;
  await requireOnTeam(ctx, {
    assignedUserId: input.assignedUserId,
    followerUserIds: input.followerUserIds,
  });
  const values: Partial<repo.ContactValues> = { ...plain, ...(await phonesOf(ctx, input)) };
  if (email !== undefined) values.email = email === null ? null : email.toLowerCase();
  if (consent !== undefined) values.consent = consentOf(existing?.consent ?? {}, consent);
  if (externalIds !== undefined) values.externalIds = { ...existing?.externalIds, ...externalIds };
  if (customFields !== undefined || !existing) {
    values.customFields = await validateCustomFieldValues({
      subAccountId: ctx.subAccountId,
      objectType: 'contact',
      values: customFields ?? {},
      existing: existing?.customFields,
      objectId: existing?.id,
    });
  }
  return values;
}

/** Who already uses the email or phone, in words a person reads; the id goes in its own member. */
function duplicateError(match: repo.DuplicateMatch): AppError {
  const who = match.fullName || 'Another contact';
  const message = `${who} already uses this ${match.matchedBy}`;
  return new AppError(
    'conflict',
    `${message}; open that contact or merge the two, or create this one anyway`,
    {
      fieldErrors: [{ field: match.matchedBy, message }],
      extensions: { existingContactId: match.id, matchedBy: match.matchedBy },
    },
  );
}

/** How many duplicates the form's check lists: enough to choose from, never a scan. */
const DUPLICATES_SHOWN = 5;

/**
 * Live contacts of the sub-account with this email or this phone (normalised first), email
 * matches first: the form's check while typing, and (the first) the upsert's match.
 */
export async function findDuplicates(
  ctx: SubAccountContext,
  input: { email?: string | null | undefined; phone?: string | null | undefined; excludeId?: string },
  limit = DUPLICATES_SHOWN,
): Promise<repo.DuplicateMatch[]> {
  requirePermission(ctx, 'contacts:read');
  let phone: string | null = null;
  if (input.phone) {
    const { defaultCountry } = await subAccountSettings(ctx.subAccountId);
    phone = normalizePhone(input.phone, defaultCountry);
  }
  const email = input.email ? input.email.trim().toLowerCase() : null;
  if (!email && !phone) return [];
  return repo.findDuplicates({
    subAccountId: ctx.subAccountId,
    email,
    phone,
    excludeId: input.excludeId,
    limit,
  });
}

/** The upsert's match: a live contact with this email, or else this phone. */
export async function findDuplicate(
  ctx: SubAccountContext,
  input: { email?: string | null | undefined; phone?: string | null | undefined; excludeId?: string },
): Promise<repo.DuplicateMatch | null> {
  const [match] = await findDuplicates(ctx, input, 1);
  return match ?? null;
}

export async function createContact(ctx: SubAccountContext, input: CreateContactInput): Promise<ContactView> {
  requirePermission(ctx, 'contacts:create');
  const { allowDuplicate, ...fields } = input;
  const values = await valuesOf(ctx, fields, undefined);
  if (!allowDuplicate) {
    const [match] = await repo.findDuplicates({
      subAccountId: ctx.subAccountId,
      email: values.email,
      phone: values.phone,
      limit: 1,
    });
    if (match) throw duplicateError(match);
  }
  const contact = await repo.insertContact({ ...values, subAccountId: ctx.subAccountId, id: newId() });
  await recordEventFor(ctx, 'contacts.created', { contactId: contact.id });
  return toContactView(contact, []);
}

export async function getContact(ctx: SubAccountContext, id: string): Promise<ContactView> {
  requirePermission(ctx, 'contacts:read');
  const contact = await repo.findContact(ctx.subAccountId, id);
  if (!contact) throw notFound('Contact');
  return viewOf(ctx, contact);
}

/** Whether a live contact with this id exists in the context's sub-account. */
export async function contactExists(ctx: SubAccountContext, id: string): Promise<boolean> {
  requirePermission(ctx, 'contacts:read');
  return (await repo.findContact(ctx.subAccountId, id)) !== undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const COLUMN_ORDER: string[] = Object.keys(getTableColumns(contacts));

export async function updateContact(
  ctx: SubAccountContext,
  id: string,
  input: UpdateContactInput,
): Promise<ContactView> {
  requirePermission(ctx, 'contacts:update');
  const before = await repo.findContactForUpdate(ctx.subAccountId, id);
  if (!before) throw notFound('Contact');
  const values = await valuesOf(ctx, input, before);
  const changedFields = (Object.keys(values) as (keyof repo.ContactValues)[]).filter(
    (key) => !same(values[key], before[key]),
  );
  if (changedFields.length === 0) return viewOf(ctx, before);
  const changed = Object.fromEntries(changedFields.map((key) => [key, values[key]]));
  const contact = await repo.updateContact(ctx.subAccountId, id, changed);
  if (!contact) throw notFound('Contact');
  // In the table's column order, as the audit log lists a row's changes.
  const changes = changedFields
    .toSorted((a, b) => COLUMN_ORDER.indexOf(a) - COLUMN_ORDER.indexOf(b))
    .map((field) => ({ field, old: before[field] ?? null, new: values[field] ?? null }));
  await recordEventFor(ctx, 'contacts.updated', { contactId: id, changedFields, changes });
  return viewOf(ctx, contact);
}

/** Soft-deletes live contacts among `ids` (others are skipped); returns the ids deleted. */
export async function deleteContacts(ctx: SubAccountContext, ids: string[]): Promise<string[]> {
  requirePermission(ctx, 'contacts:delete');
  const deleted = await repo.softDeleteContacts(ctx.subAccountId, [...new Set(ids)]);
  for (const contactId of deleted) await recordEventFor(ctx, 'contacts.deleted', { contactId });
  return deleted;
}

export async function deleteContact(ctx: SubAccountContext, id: string): Promise<void> {
  const deleted = await deleteContacts(ctx, [id]);
  if (deleted.length === 0) throw notFound('Contact');
}

export async function restoreContact(ctx: SubAccountContext, id: string): Promise<ContactView> {
  requirePermission(ctx, 'contacts:delete');
  const contact = await repo.restoreContact(ctx.subAccountId, id);
  if (!contact) {
    if (await repo.findContact(ctx.subAccountId, id)) throw conflict('This contact is not deleted');
    throw notFound('Contact');
  }
  await recordEventFor(ctx, 'contacts.restored', { contactId: id });
  return viewOf(ctx, contact);
}

/** Hard delete, allowed only after a soft delete so a purge is always a second, deliberate step. */
export async function purgeContact(ctx: SubAccountContext, id: string): Promise<void> {
  requirePermission(ctx, 'contacts:delete');
  if (await repo.purgeContact(ctx.subAccountId, id)) return;
  if (await repo.findContact(ctx.subAccountId, id)) {
    throw conflict('Only a deleted contact can be purged; delete it first');
  }
  throw notFound('Contact');
}

/**
 * GoHighLevel's upsert: the live contact with this email, else this phone, is updated with the
 * input; without a match a new contact is created.
 */
export async function upsertContact(
  ctx: SubAccountContext,
  input: UpdateContactInput,
): Promise<{ contact: ContactView; created: boolean }> {
  const match = await findDuplicate(ctx, { email: input.email, phone: input.phone });
  if (match) return { contact: await updateContact(ctx, match.id, input), created: false };
  return { contact: await createContact(ctx, { ...input, allowDuplicate: true }), created: true };
}

/**
 * The first step of a contact merge (use-cases/merge-contacts.ts): checks the caller may merge and
 * that both are contacts of the sub-account, and locks both rows for the rest of the transaction.
 */
export async function lockContactsForMerge(
  ctx: SubAccountContext,
  survivorId: string,
  duplicateId: string,
): Promise<void> {
  requirePermission(ctx, 'contacts:update');
  requirePermission(ctx, 'contacts:delete');
  const sub = ctx.subAccountId;
  if (duplicateId === survivorId) throw invalid('duplicateId', 'must be another contact than the survivor');
  if (!(await repo.findContactForUpdate(sub, survivorId))) throw notFound('Contact');
  if (!(await repo.findContactForUpdate(sub, duplicateId))) {
    throw invalid('duplicateId', 'is not a contact of this sub-account');
  }
}

/**
 * The contacts' part of a merge, after lockContactsForMerge in the same transaction: the duplicate's
 * tags move to the survivor, its custom values and external ids fill the survivor's gaps (the
 * survivor's win where both are set), then it is soft-deleted (restorable; the audit log records
 * every step) and `contacts.merged` is recorded.
 */
export async function moveToContact(
  ctx: SubAccountContext,
  duplicateId: string,
  survivorId: string,
): Promise<ContactView> {
  requirePermission(ctx, 'contacts:update');
  requirePermission(ctx, 'contacts:delete');
  const sub = ctx.subAccountId;
  const survivor = await repo.findContactForUpdate(sub, survivorId);
  if (!survivor) throw notFound('Contact');
  const duplicate = await repo.findContactForUpdate(sub, duplicateId);
  if (!duplicate) throw invalid('duplicateId', 'is not a contact of this sub-account');

  const tagIds = await tagRepo.tagIdsOfContact(sub, duplicate.id);
  const added = await tagRepo.addContactTags(sub, [survivor.id], tagIds);
  await tagRepo.removeContactTags(sub, [duplicate.id], tagIds);

  const isSet = (v: unknown) => v !== null && v !== undefined && v !== '';
  const customFields = { ...survivor.customFields };
  for (const [key, value] of Object.entries(duplicate.customFields)) {
    if (!isSet(customFields[key])) customFields[key] = value;
  }
  const externalIds = { ...duplicate.externalIds, ...survivor.externalIds };
  const merged = await repo.updateContact(sub, survivor.id, { customFields, externalIds });
  await repo.softDeleteContacts(sub, [duplicate.id]);

  if (added.length > 0) {
    await recordEventFor(ctx, 'contacts.tag_added', {
      contactId: survivor.id,
      tagIds: added.map((a) => a.tagId),
    });
  }
  await recordEventFor(ctx, 'contacts.merged', { contactId: survivor.id, duplicateId: duplicate.id });
  return viewOf(ctx, merged!);
}

/** Whether a contact with this id exists, live or in the trash (its timeline stays readable). */
export async function contactExistsInTrashOrLive(ctx: SubAccountContext, id: string): Promise<boolean> {
  requirePermission(ctx, 'contacts:read');
  return (await repo.findContact(ctx.subAccountId, id, 'any')) !== undefined;
}
