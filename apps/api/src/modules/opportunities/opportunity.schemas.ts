import { z } from 'zod';
import { isoDate } from '../../platform/http/dates.ts';
import { pageQuery } from '../../platform/http/pagination.ts';
import { isUuid } from '../../platform/ids/ids.ts';
import { idParams, moneySum, strict } from '../../platform/http/schemas.ts';

// The dashboard's contract (apps/web/src/api/contract.ts) reads the sum type from here.
export { moneySum };
import { OPPORTUNITY_STATUSES } from './opportunity.constants.ts';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

const uuidOf = (what: string) => z.uuid({ error: `must be ${what} id (UUID)` });
const name = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(200, { error: 'must be at most 200 characters' });
/** The largest value of one opportunity: the largest integer a JSON number carries exactly. */
export const MAX_MONETARY_VALUE = Number.MAX_SAFE_INTEGER;
const MONEY_DESCRIPTION = `Whole minor units (cents), 0 to ${MAX_MONETARY_VALUE}`;
/** Money is a whole number of the currency's minor units (cents for USD), never a float. */
const money = z
  .number({ error: 'must be a whole number of minor units, e.g. 125000 for 1,250.00' })
  .min(0, { error: 'must not be negative' })
  // Aborts so that a value too large is told that alone, not also "must be a whole number".
  .max(MAX_MONETARY_VALUE, { error: `must be at most ${MAX_MONETARY_VALUE} minor units`, abort: true })
  .int({ error: 'must be a whole number of minor units (cents), e.g. 125000 for 1,250.00' })
  .describe(MONEY_DESCRIPTION);
const currency = z
  .string()
  .transform((c) => c.toUpperCase())
  .refine((c) => CURRENCIES.has(c), { error: 'must be an ISO 4217 currency code, e.g. USD or EUR' });
const status = z.enum(OPPORTUNITY_STATUSES, { error: `must be one of ${OPPORTUNITY_STATUSES.join(', ')}` });
const date = isoDate({ error: 'must be a date, e.g. 2026-12-31' });

export const opportunitySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  pipelineId: z.uuid(),
  stageId: z.uuid(),
  contact: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  monetaryValue: z.number().int().min(0).describe(MONEY_DESCRIPTION),
  currency: z.string(),
  status,
  lostReasonId: z.uuid().nullable(),
  assignedUserId: z.uuid().nullable(),
  followerUserIds: z.array(z.uuid()),
  source: z.string().nullable(),
  expectedCloseDate: z.string().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  stageEnteredAt: z.string(),
  statusChangedAt: z.string().nullable(),
  /** Open and in its stage for longer than the stage's rotting age. */
  rotting: z.boolean(),
  /** Grows on every change; send it back as If-Match to refuse writes over someone else's. */
  version: z.number().int(),
  deletedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const fields = {
  name,
  contactId: uuidOf('a contact'),
  pipelineId: uuidOf('a pipeline'),
  /** The pipeline's first stage when absent. */
  stageId: uuidOf('a stage').optional(),
  monetaryValue: money.optional(),
  currency: currency.optional(),
  status: status.optional(),
  lostReasonId: uuidOf('a lost reason').nullable().optional(),
  assignedUserId: uuidOf('a user').nullable().optional(),
  followerUserIds: z.array(uuidOf('a user')).max(50).optional(),
  source: z.string().trim().max(200).nullable().optional(),
  expectedCloseDate: date.nullable().optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
};

export const createOpportunityBody = strict(fields);
/** GoHighLevel's upsert: the contact's opportunity in this pipeline is updated, or one is created. */
export const upsertOpportunityBody = strict(fields);
export const upsertOpportunityResponse = z.object({ opportunity: opportunitySchema, created: z.boolean() });
export const updateOpportunityBody = strict({
  ...fields,
  name: name.optional(),
  contactId: fields.contactId.optional(),
  pipelineId: fields.pipelineId.optional(),
});

export const opportunityFilters = z.object({
  pipelineId: uuidOf('a pipeline').optional(),
  stageId: uuidOf('a stage').optional(),
  contactId: uuidOf('a contact').optional(),
  status: status.optional(),
  /** A user id, or `unassigned` for opportunities assigned to nobody. */
  assignedUserId: z
    .string()
    .refine((v) => v === 'unassigned' || isUuid(v), {
      error: "must be a user id (UUID) or 'unassigned'",
    })
    .optional(),
  minValue: z.coerce.number().pipe(money).optional(),
  maxValue: z.coerce.number().pipe(money).optional(),
  /** Comma-separated tag ids: the contact has at least one of them. */
  tagIds: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(uuidOf('a tag')).max(50))
    .optional(),
  /** Part of the opportunity's name. */
  q: z.string().trim().max(200).optional(),
});
export const listOpportunitiesQuery = pageQuery.extend(opportunityFilters.shape);

/** The board: every stage's totals and first cards, filtered alike; a column pages on by itself. */
export const boardQuery = opportunityFilters.omit({ pipelineId: true, stageId: true }).extend({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const moneyTotalSchema = z.object({
  currency: z.string(),
  value: moneySum,
  /** Sum of value x the stage's win probability / 100, rounded to the minor unit. */
  weightedValue: moneySum,
});
export const boardColumnSchema = z.object({
  stageId: z.uuid(),
  count: z.number().int(),
  totals: z.array(moneyTotalSchema),
  items: z.array(opportunitySchema),
  nextCursor: z.string().nullable(),
});
export const boardSchema = z.object({ pipelineId: z.uuid(), columns: z.array(boardColumnSchema) });

export const bulkOpportunitiesBody = strict({
  opportunityIds: z
    .array(uuidOf('an opportunity'))
    .min(1, { error: 'select at least one opportunity' })
    .max(1000, { error: 'at most 1000 opportunities at once' }),
  action: z.enum(['move', 'assign', 'status', 'delete'], {
    error: 'must be one of move, assign, status, delete',
  }),
  stageId: uuidOf('a stage').optional(),
  assignedUserId: uuidOf('a user').nullable().optional(),
  status: status.optional(),
  lostReasonId: uuidOf('a lost reason').nullable().optional(),
});
export const bulkResultSchema = z.object({ updated: z.number().int() });

export const historyEntrySchema = z.object({
  id: z.uuid(),
  pipelineId: z.uuid(),
  fromStageId: z.uuid().nullable(),
  fromStageName: z.string().nullable(),
  toStageId: z.uuid(),
  toStageName: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  fromValue: z.number().int().nullable(),
  toValue: z.number().int(),
  secondsInFromStage: z.number().int().nullable(),
  changedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  changedAt: z.string(),
});
export const historySchema = z.object({ items: z.array(historyEntrySchema) });

export const opportunityParams = idParams('opportunityId');
export const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, { error: 'must be the version from the ETag, e.g. "3"' })
    .optional(),
});

export type OpportunityView = z.infer<typeof opportunitySchema>;
export type CreateOpportunityInput = z.infer<typeof createOpportunityBody>;
export type UpdateOpportunityInput = z.infer<typeof updateOpportunityBody>;
export type OpportunityFilters = z.infer<typeof opportunityFilters>;
export type BoardQuery = z.infer<typeof boardQuery>;
export type BulkOpportunitiesInput = z.infer<typeof bulkOpportunitiesBody>;
export type HistoryEntryView = z.infer<typeof historyEntrySchema>;
