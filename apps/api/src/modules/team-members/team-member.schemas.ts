import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { pageQuery } from '../../platform/http/pagination.ts';

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code in capitals, e.g. USD' })
  .refine(
    (code) => {
      try {
        return Intl.supportedValuesOf('currency').includes(code);
      } catch {
        return true;
      }
    },
    { error: 'is not a known ISO 4217 currency' },
  );

export const teamMemberSchema = z.object({
  id: z.uuid(),
  userId: z.uuid().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  externalIds: z.record(z.string(), z.string()),
  commissionType: z.enum(['none', 'percentage', 'fixed']),
  commissionRateBps: z.number().int().nullable(),
  commissionFixedMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  status: z.enum(['active', 'inactive']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const fields = {
  name: z.string().trim().min(1, 'is required').max(200),
  userId: z.uuid().nullable().optional(),
  email: z.email({ error: 'must be an email address, e.g. name@example.com' }).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  title: z.string().trim().max(100).nullable().optional(),
  externalIds: z.record(z.string().max(50), z.string().max(200)).optional(),
  commissionType: z.enum(['none', 'percentage', 'fixed']).optional(),
  commissionRateBps: z
    .number()
    .int({ error: 'must be a whole number of basis points (1% = 100)' })
    .min(0)
    .max(10000, { error: 'must be at most 10000 (100%)' })
    .nullable()
    .optional(),
  commissionFixedMinor: z
    .number()
    .int({ error: 'must be a whole number of minor units, e.g. 2500 for $25.00' })
    .min(0, { error: 'cannot be negative' })
    .nullable()
    .optional(),
  currency: currency.nullable().optional(),
  status: z.enum(['active', 'inactive']).optional(),
};

export const createTeamMemberBody = z.object(fields);
export const updateTeamMemberBody = z.object(fields).partial();
export const teamMemberParams = idParams('teamMemberId');
export const listTeamMembersQuery = pageQuery;

export type TeamMemberView = z.infer<typeof teamMemberSchema>;
export type CreateTeamMemberInput = z.infer<typeof createTeamMemberBody>;
export type UpdateTeamMemberInput = z.infer<typeof updateTeamMemberBody>;
