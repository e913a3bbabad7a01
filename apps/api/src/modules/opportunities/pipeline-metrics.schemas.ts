import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { isoDate } from '../../platform/http/dates.ts';
import { isUuid } from '../../platform/ids/ids.ts';
import { moneySum } from '../../platform/http/schemas.ts';

/**
 * The forecast and performance of one pipeline: open cards per stage now, and what happened over a
 * period (entries, conversions, time in stage, won and lost). Money is per currency (never summed
 * across currencies), in minor units, each sum an exact decimal string.
 */

/** The longest period one request may cover (two years of weekly buckets). */
export const MAX_PERIOD_DAYS = 731;
/** Periods up to this many days are bucketed by day, longer ones by ISO week (Monday first). */
export const DAILY_BUCKETS_UP_TO_DAYS = 62;
/** The period when the query names none: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

const day = isoDate({ error: 'must be a date, e.g. 2026-01-31' });

/**
 * A query over a period: `from` and `to` are calendar days in `timeZone`, both included, and
 * `fields` whatever else the report takes. Open figures are a snapshot of now and do not depend
 * on the period.
 */
function periodQuery<Fields extends z.ZodRawShape>(fields: Fields) {
  const shape = {
    from: day.optional(),
    to: day.optional(),
    /** IANA zone in which days and weeks start; UTC by default. */
    timeZone: z
      .string()
      .max(64)
      .refine((tz) => tz === 'UTC' || TIME_ZONES.has(tz), {
        error: 'must be an IANA time zone, e.g. Europe/Paris or America/New_York',
      })
      .default('UTC'),
    ...fields,
  };
  const names = Object.keys(shape);
  const known = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return z
    .strictObject(shape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown parameter ${issue.keys.map((k) => `'${k}'`).join(', ')}; use ${known}`
          : undefined,
    })
    .check((ctx) => {
      const { from, to } = ctx.value as { from?: string; to?: string };
      if (from && to && from > to)
        ctx.issues.push({ code: 'custom', path: ['from'], message: 'must be on or before to', input: from });
    });
}

export const pipelineMetricsQuery = periodQuery({
  /** Only opportunities assigned to this user, or 'unassigned' for those without one. */
  assignedUserId: z
    .string()
    .refine((v) => v === 'unassigned' || isUuid(v), { error: "must be a user id (UUID) or 'unassigned'" })
    .transform((v) => v.toLowerCase())
    .optional(),
});
/** The agency roll-up: every pipeline of every sub-account; assignees are per sub-account, so none. */
export const agencyPipelinesQuery = periodQuery({});
export type PipelineMetricsQuery = z.infer<typeof pipelineMetricsQuery>;
export type AgencyPipelinesQuery = z.infer<typeof agencyPipelinesQuery>;

export const pipelineMetricsParams = idParams('pipelineId');

/**
 * Open money of one currency: the sum of values and of values x the stage's win probability. Sums
 * are exact decimal strings of minor units (moneySum); counts are numbers.
 */
export const openAmountSchema = z.object({
  currency: z.string(),
  count: z.number().int(),
  value: moneySum,
  /** Sum of value x win probability / 100, rounded to the minor unit. */
  weightedValue: moneySum,
});
/** Closed money of one currency. */
export const closedAmountSchema = z.object({
  currency: z.string(),
  count: z.number().int(),
  value: moneySum,
});

const openSchema = z.object({
  count: z.number().int(),
  byCurrency: z.array(openAmountSchema),
});
const closedSchema = z.object({
  count: z.number().int(),
  byCurrency: z.array(closedAmountSchema),
});

export const stageMetricsSchema = z.object({
  stageId: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  winProbability: z.number().int(),
  /** Open cards in the stage now. */
  open: openSchema,
  /** Opportunities that entered the stage during the period (created in it or moved into it). */
  entered: z.number().int(),
  /** Of those, how many later reached a stage further down the pipeline. */
  advanced: z.number().int(),
  /** Of those, how many were won afterwards (a change to won in their history). */
  won: z.number().int(),
  /** advanced / entered, from 0 to 1; null when none entered. */
  advanceRate: z.number().nullable(),
  /** won / entered, from 0 to 1; null when none entered. */
  winRate: z.number().nullable(),
  /** Mean seconds a card spent in the stage, over the moves out of it during the period. */
  averageSecondsInStage: z.number().nullable(),
  /** How many moves out of the stage the average is over. */
  exits: z.number().int(),
});

export const outcomeBucketSchema = z.object({
  /** First day of the bucket (YYYY-MM-DD, in the query's time zone). */
  start: z.string(),
  won: closedSchema,
  lost: closedSchema,
});

export const userMetricsSchema = z.object({
  /** Null for opportunities assigned to nobody. */
  assignedUserId: z.uuid().nullable(),
  open: openSchema,
  won: closedSchema,
  lost: closedSchema,
});

export const pipelineMetricsSchema = z.object({
  pipelineId: z.uuid(),
  period: z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    bucket: z.enum(['day', 'week']),
  }),
  assignedUserId: z.string().nullable(),
  /** In pipeline order. */
  stages: z.array(stageMetricsSchema),
  /** Open cards of the whole pipeline now. */
  open: openSchema,
  /** Won and lost during the period (by the day their status last changed), in total and per bucket. */
  won: closedSchema,
  lost: closedSchema,
  /** Every bucket of the period, empty ones included, oldest first. */
  outcomes: z.array(outcomeBucketSchema),
  /** One entry per assigned user (and unassigned) with anything open, won or lost. */
  byUser: z.array(userMetricsSchema),
});

export type OpenAmount = z.infer<typeof openAmountSchema>;
export type ClosedAmount = z.infer<typeof closedAmountSchema>;
export type StageMetrics = z.infer<typeof stageMetricsSchema>;
export type UserMetrics = z.infer<typeof userMetricsSchema>;
export type PipelineMetricsView = z.infer<typeof pipelineMetricsSchema>;

/** One pipeline of one sub-account in the agency roll-up: open now, won and lost in the period. */
export const pipelineTotalsSchema = z.object({
  subAccountId: z.uuid(),
  subAccountName: z.string(),
  pipelineId: z.uuid(),
  name: z.string(),
  open: openSchema,
  won: closedSchema,
  lost: closedSchema,
});

export const agencyPipelinesSchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
  /** Every pipeline of the sub-accounts whose pipelines the caller may read, by sub-account name. */
  pipelines: z.array(pipelineTotalsSchema),
  /** The same summed over them, per currency. */
  totals: z.object({ open: openSchema, won: closedSchema, lost: closedSchema }),
});

export type PipelineTotals = z.infer<typeof pipelineTotalsSchema>;
export type AgencyPipelinesView = z.infer<typeof agencyPipelinesSchema>;
