import { z } from 'zod';
import { isoDate } from '../../platform/http/dates.ts';
import { idParams, strict } from '../../platform/http/schemas.ts';
import { CONSENT_CHANNELS } from './contact.constants.ts';

export const CONTACT_TYPES = ['lead', 'customer'] as const;
export const CONTACT_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const;
export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'marketing_qualified',
  'sales_qualified',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;
export const CONSENT_STATUSES = ['opted_in', 'opted_out', 'dnd'] as const;

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an IANA time zone, e.g. America/New_York' },
);

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

const tagRef = z.object({ id: z.uuid(), name: z.string(), color: z.string().nullable() });

const consentEntry = z.object({
  status: z.enum(CONSENT_STATUSES),
  at: z.string(),
  reason: z.string().optional(),
});

const address = strict({
  line1: z.string().trim().max(200).optional(),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  state: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  country: z.string().trim().max(100).optional(),
});

export const contactSchema = z.object({
  id: z.uuid(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  fullName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  additionalPhones: z.array(z.string()),
  companyName: z.string().nullable(),
  address: z.object({
    line1: z.string().optional(),
    line2: z.string().optional(),
    city: z.string().optional(),
    state: z.string().optional(),
    postalCode: z.string().optional(),
    country: z.string().optional(),
  }),
  timezone: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  type: z.enum(CONTACT_TYPES),
  status: z.enum(CONTACT_STATUSES),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).nullable(),
  source: z.string().nullable(),
  sourceDetails: z.record(z.string(), z.unknown()),
  utmSource: z.string().nullable(),
  utmMedium: z.string().nullable(),
  utmCampaign: z.string().nullable(),
  utmTerm: z.string().nullable(),
  utmContent: z.string().nullable(),
  leadScore: z.number().int(),
  aiScore: z.number().nullable(),
  assignedUserId: z.uuid().nullable(),
  followerUserIds: z.array(z.uuid()),
  consent: z.partialRecord(z.enum(CONSENT_CHANNELS), consentEntry),
  externalIds: z.record(z.string(), z.string()),
  customFields: z.record(z.string(), z.unknown()),
  tags: z.array(tagRef),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `must be at most ${max} characters` });
// Phones are checked for shape here and normalised to E.164 by the service, which knows the
// sub-account's default country.
const phoneInput = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty; send null to clear it' })
  .max(40, { error: 'must be at most 40 characters' });

const consentInput = strict({
  status: oneOf(CONSENT_STATUSES),
  reason: text(500).optional(),
});

const fields = {
  firstName: text(100).nullable().optional(),
  lastName: text(100).nullable().optional(),
  email: z.email({ error: 'must be an email address, e.g. name@example.com' }).max(320).nullable().optional(),
  phone: phoneInput.nullable().optional(),
  additionalPhones: z.array(phoneInput).max(10, { error: 'at most 10 additional phones' }).optional(),
  companyName: text(200).nullable().optional(),
  address: address.optional(),
  timezone: timezone.nullable().optional(),
  dateOfBirth: isoDate({ error: 'must be a date as YYYY-MM-DD, e.g. 1990-04-23' }).nullable().optional(),
  type: oneOf(CONTACT_TYPES).optional(),
  status: oneOf(CONTACT_STATUSES).optional(),
  lifecycleStage: oneOf(LIFECYCLE_STAGES).nullable().optional(),
  source: text(200).nullable().optional(),
  sourceDetails: z.record(z.string().max(100), z.unknown()).optional(),
  utmSource: text(200).nullable().optional(),
  utmMedium: text(200).nullable().optional(),
  utmCampaign: text(200).nullable().optional(),
  utmTerm: text(200).nullable().optional(),
  utmContent: text(200).nullable().optional(),
  leadScore: z.number().int({ error: 'must be a whole number' }).min(-1_000_000).max(1_000_000).optional(),
  aiScore: z
    .number({ error: 'must be a number from 0 to 100' })
    .min(0, { error: 'must be from 0 to 100' })
    .max(100, { error: 'must be from 0 to 100' })
    .nullable()
    .optional(),
  assignedUserId: z.uuid({ error: 'must be a user id (UUID)' }).nullable().optional(),
  followerUserIds: z
    .array(z.uuid({ error: 'must be a user id (UUID)' }))
    .max(50)
    .optional(),
  consent: strict(
    Object.fromEntries(CONSENT_CHANNELS.map((c) => [c, consentInput.optional()])) as Record<
      (typeof CONSENT_CHANNELS)[number],
      z.ZodOptional<typeof consentInput>
    >,
  ).optional(),
  externalIds: z
    .record(
      z.string().regex(/^[a-z0-9_]{1,50}$/, { error: 'keys are lower-case system names, e.g. ghl' }),
      z.string().min(1).max(200),
    )
    .optional(),
  customFields: z.record(z.string().max(100), z.unknown()).optional(),
};

export const createContactBody = strict({
  ...fields,
  allowDuplicate: z.boolean().optional(),
});
export const updateContactBody = strict(fields);
export const upsertContactBody = strict(fields);
export const mergeContactBody = strict({ duplicateId: z.uuid({ error: 'must be a contact id (UUID)' }) });
export type MergeContactBody = z.infer<typeof mergeContactBody>;
export const contactParams = idParams('contactId');
export const upsertContactResponse = z.object({ contact: contactSchema, created: z.boolean() });

export type ContactView = z.infer<typeof contactSchema>;
export type CreateContactInput = z.infer<typeof createContactBody>;
export type UpdateContactInput = z.infer<typeof updateContactBody>;

// While the form is typed, so a partial email or phone is no error: it just matches nothing.
export const contactDuplicatesQuery = strict({
  email: z.string().trim().max(320, { error: 'must be at most 320 characters' }).optional(),
  phone: z.string().trim().max(40, { error: 'must be at most 40 characters' }).optional(),
});
export const contactDuplicatesResponse = z.object({
  matches: z.array(
    z.object({
      id: z.uuid(),
      fullName: z.string().describe('empty when the contact has no name'),
      matchedBy: z.enum(['email', 'phone']),
    }),
  ),
});
