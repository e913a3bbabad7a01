import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.ts';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export const timezone = z.string().refine(
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

export const country = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 two-letter country code in capitals, e.g. US' })
  .refine(
    (code) => {
      // zod runs refinements after a failed regex too: that case is already reported once.
      if (!/^[A-Z]{2}$/.test(code)) return true;
      try {
        const name = regionNames.of(code);
        return name !== undefined && name !== code && name !== 'Unknown Region';
      } catch {
        return false;
      }
    },
    { error: 'is not a known country code' },
  );

export const whiteLabel = z.object({
  brandName: z.string().max(100).optional(),
  logoUrl: z.url().max(2000).optional(),
  primaryColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a hex colour, e.g. #228be6' })
    .optional(),
  supportEmail: z.email().optional(),
});

export const agencySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  plan: z.string(),
  status: z.string(),
  whiteLabel,
  createdAt: z.string(),
});

export const updateAgencyBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  whiteLabel: whiteLabel.optional(),
});

export const createAgencyBody = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  plan: z.enum(['free', 'starter', 'pro', 'enterprise']).default('starter'),
});

export const listAgenciesQuery = pageQuery.extend({ search: z.string().trim().max(200).optional() });

export const subAccountSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  timezone: z.string(),
  defaultCountry: z.string(),
  status: z.enum(['active', 'suspended', 'archived']),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

// People type a site as they say it ("example.com"); a bare host is completed to https so it is kept as a link.
const website = z
  .string()
  .trim()
  .transform((value) => (value === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`))
  .pipe(z.url({ error: 'must be a URL, e.g. https://example.com' }).max(2000));

const subAccountFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.email({ error: 'must be an email address, e.g. hello@example.com' }).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  website: website.nullable().optional(),
  timezone: timezone.optional(),
  defaultCountry: country.optional(),
};

export const createSubAccountBody = z.object(subAccountFields);
export const updateSubAccountBody = z.object(subAccountFields).partial();

export const listSubAccountsQuery = pageQuery.extend({
  search: z.string().trim().max(200).optional(),
  status: z.enum(['active', 'archived']).default('active'),
});

export type CreateSubAccountInput = z.infer<typeof createSubAccountBody>;
export type UpdateSubAccountInput = z.infer<typeof updateSubAccountBody>;
export type ListSubAccountsInput = z.infer<typeof listSubAccountsQuery>;
export type UpdateAgencyInput = z.infer<typeof updateAgencyBody>;
export type SubAccountView = z.infer<typeof subAccountSchema>;
export type AgencyView = z.infer<typeof agencySchema>;
export type CreateAgencyBody = z.infer<typeof createAgencyBody>;
export type ListAgenciesInput = z.infer<typeof listAgenciesQuery>;
