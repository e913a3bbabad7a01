import { type SQL, sql } from 'drizzle-orm';
import { tx, txRows } from '../../platform/db/tenant.ts';
import { stagesView } from '../pipelines/index.ts';

/*
 * The forecast and performance queries, over the opportunities module's own tables (cards and
 * their stage visits) and pipelines' stages through its read view (win probabilities).
 *
 * Every query takes its scope as parameters: a list of sub-accounts and, optionally, one pipeline.
 * A sub-account page passes its own sub-account and pipeline; a roll-up passes several sub-accounts
 * and no pipeline (the totals are also grouped per pipeline). Row-level security still decides what
 * a context sees (the explicit filters are for the indexes and for Citus routing): today an agency
 * context sees no sub-account's opportunities, so a roll-up needs one context per sub-account or a
 * policy that lets an agency context read its sub-accounts' rows.
 */

export type MetricsScope = {
  subAccountIds: string[];
  /** One pipeline, or every pipeline of the sub-accounts. */
  pipelineId?: string | undefined;
  /** A user id, 'unassigned' for opportunities without one, or undefined for everyone. */
  assignedUserId?: string | undefined;
};

/** Calendar days in a time zone, both included. */
export type MetricsPeriod = { from: string; to: string; timeZone: string; bucket: 'day' | 'week' };

export type StageRow = { stageId: string; name: string; position: number; winProbability: number };
export type FlowRow = {
  stageId: string;
  entered: number;
  advanced: number;
  won: number;
  exits: number;
  averageSecondsInStage: number | null;
};
export type PipelineRef = { subAccountId: string; pipelineId: string; name: string };

/** The scope's filter on a table aliased `alias` (pipelines and opportunities alike). */
function scopeFilter(scope: MetricsScope, alias: string): SQL {
  const a = sql.identifier(alias);
  // One sub-account as a plain equality: the planner estimates it better than = any(array).
  const parts = [
    scope.subAccountIds.length === 1
      ? sql`${a}.sub_account_id = ${scope.subAccountIds[0]}::uuid`
      : sql`${a}.sub_account_id = any(${sql.param(scope.subAccountIds)}::uuid[])`,
  ];
  if (scope.pipelineId) parts.push(sql`${a}.pipeline_id = ${scope.pipelineId}::uuid`);
  return sql.join(parts, sql` and `);
}

function assigneeFilter(scope: MetricsScope, alias: string): SQL {
  const a = sql.identifier(alias);
  if (scope.assignedUserId === undefined) return sql``;
  if (scope.assignedUserId === 'unassigned') return sql` and ${a}.assigned_user_id is null`;
  return sql` and ${a}.assigned_user_id = ${scope.assignedUserId}::uuid`;
}

/**
 * Which stage visits count, by their opportunity: not soft-deleted ones, and with an assignee
 * filter only that user's (or the unassigned). Without a filter this is an anti-join on the few
 * deleted cards rather than a join with every card of the scope.
 */
function opportunityFilter(scope: MetricsScope): { cte: SQL; test: (alias: string) => SQL } {
  // Any pipeline: a card may have left the one asked about since. The few deleted cards are
  // hashed once and probed per visit: NOT IN over a CTE stays a hashed subplan (NOT EXISTS
  // became a nested loop over every row).
  if (scope.assignedUserId === undefined)
    return {
      cte: sql`cards as materialized (select o.id from opportunities o
              where ${scopeFilter({ subAccountIds: scope.subAccountIds }, 'o')} and o.deleted_at is not null)`,
      test: (alias) => sql`${sql.identifier(alias)}.opportunity_id not in (select id from cards)`,
    };
  // A user's cards are many: a semi-join with the table itself, whose statistics give a hash join
  // (IN over a CTE, estimated at 200 rows, drove a nested loop of index scans into the visits).
  return {
    cte: sql`cards as (select 1)`,
    test: (alias) => {
      const a = sql.identifier(alias);
      return sql`exists (select 1 from opportunities o
             where o.sub_account_id = ${a}.sub_account_id and o.id = ${a}.opportunity_id
               and o.deleted_at is null${assigneeFilter(scope, 'o')})`;
    },
  };
}

/** The period's bounds as timestamptz expressions: [start of `from`, start of the day after `to`). */
function periodBounds(period: MetricsPeriod): { start: SQL; end: SQL; tz: SQL } {
  const tz = sql`${period.timeZone}::text`;
  return {
    start: sql`(${period.from}::date::timestamp at time zone ${tz})`,
    end: sql`((${period.to}::date + 1)::timestamp at time zone ${tz})`,
    tz,
  };
}

const int = (v: unknown): number => Number(v ?? 0);

/**
 * Lets this transaction's sorts and hash tables use up to 64 MB each (default 4 MB): the metrics
 * aggregate and sort the pipeline's cards and a period's stage visits (100,000s of rows), which would
 * otherwise spill to disk. SET LOCAL ends with the transaction.
 */
export async function allowReportMemory(): Promise<void> {
  await tx().execute(sql`set local work_mem = '64MB'`);
}

/** One group of the opportunities statement; which key is set depends on `grouping`. */
export type OpportunityGroup = {
  grouping: 'stage' | 'user' | 'bucket' | 'pipeline';
  status: 'open' | 'won' | 'lost';
  subAccountId: string | null;
  pipelineId: string | null;
  stageId: string | null;
  assignedUserId: string | null;
  /** First day of the bucket (YYYY-MM-DD) of a won or lost group. */
  bucket: string | null;
  currency: string;
  count: number;
  /** Exact sums of minor units as decimal strings: they may exceed the largest exact JS number. */
  value: string;
  /** Value x the stage's win probability, rounded once per group as v_pipeline_metrics does. */
  weightedValue: string;
};

/**
 * Open opportunities now and those won or lost during the period (by when their status last
 * changed), in one pass over the scope's live opportunities, summed per currency by stage, by
 * assigned user, by bucket of the period and by pipeline (grouping sets).
 */
export async function opportunityTotals(
  scope: MetricsScope,
  period: MetricsPeriod,
): Promise<OpportunityGroup[]> {
  const { start, end, tz } = periodBounds(period);
  const bucket = sql`date_trunc(${period.bucket === 'week' ? sql`'week'` : sql`'day'`}, o.status_changed_at at time zone ${tz})`;
  // Two levels: one hash aggregate over the rows into a few hundred groups (every key at once),
  // then the stages' probabilities (and through the stage, sub-account and pipeline) and the
  // grouping sets over those groups only. Grouping sets
  // straight over the rows would sort them all; joining the stages to every row costs as much as
  // the aggregate itself. Sums stay numeric and leave as text (exact past 2^53); the weighted sum is
  // divided by 100.00, not 100.0, so the quotient keeps its two exact decimals before the one
  // rounding (by 100.0 PostgreSQL keeps one decimal of a large quotient: x.48 would become x.5, then
  // round up).
  const query = sql`
    with groups as (
      select o.status, o.stage_id, o.assigned_user_id, o.currency,
             case when o.status <> 'open' then ${bucket} end as bucket,
             count(*) as count, sum(o.monetary_value) as value
        from opportunities o
       where ${scopeFilter(scope, 'o')} and o.deleted_at is null${assigneeFilter(scope, 'o')}
         and (o.status = 'open'
              or (o.status in ('won', 'lost') and o.status_changed_at >= ${start} and o.status_changed_at < ${end}))
       group by 1, 2, 3, 4, 5
    )
    select case when grouping(g.stage_id) = 0 then 'stage' when grouping(g.assigned_user_id) = 0 then 'user'
                when grouping(g.bucket) = 0 then 'bucket' else 'pipeline' end as grouping,
           g.status, stages.sub_account_id, stages.pipeline_id, g.stage_id, g.assigned_user_id,
           to_char(g.bucket, 'YYYY-MM-DD') as bucket, g.currency,
           sum(g.count) as count, sum(g.value)::text as value,
           round(sum(g.value * stages.win_probability) / 100.00)::text as weighted_value
      from groups g
      join ${stagesView} on ${scopeFilter(scope, 'stages')} and stages.id = g.stage_id
     group by grouping sets ((g.status, g.currency, g.stage_id), (g.status, g.currency, g.assigned_user_id),
                             (g.status, g.currency, g.bucket), (g.status, g.currency, stages.sub_account_id, stages.pipeline_id))`;
  const rows = await txRows<{
    grouping: OpportunityGroup['grouping'];
    status: OpportunityGroup['status'];
    sub_account_id: string | null;
    pipeline_id: string | null;
    stage_id: string | null;
    assigned_user_id: string | null;
    bucket: string | null;
    currency: string;
    count: unknown;
    value: string;
    weighted_value: string;
  }>(query);
  return rows.map((r) => ({
    grouping: r.grouping,
    status: r.status,
    subAccountId: r.sub_account_id,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    assignedUserId: r.assigned_user_id,
    bucket: r.bucket,
    currency: r.currency,
    count: int(r.count),
    value: r.value,
    weightedValue: r.weighted_value,
  }));
}

/**
 * Per stage of one pipeline: the opportunities that entered it during the period, how many of them
 * later reached a stage further down and how many were won afterwards; and the moves out of it
 * during the period with the mean time spent in it. Read from the stage visits (one row per entry
 * into a stage, which the database keeps with its outcome: see opportunity_stage_visits) in one
 * pass, without a join with the cards except to leave out deleted ones or, with an assignee
 * filter, others' cards.
 *
 * Entering is a visit starting in the period (creation included); a card counts once per stage
 * however often it entered it, by its first visit of the period (a visit whose previous entry into
 * the same stage was before the period, or never): that visit's outcome covers the later ones',
 * since everything after a later visit is also after it. "Later reached a further stage" and
 * "won" reach past the period's end, up to now. An exit is a visit ending in the period by a move
 * to another stage of the same pipeline (moves out of the pipeline are not exits).
 */
export async function stageFlow(
  scope: MetricsScope & { pipelineId: string },
  period: MetricsPeriod,
  /** The pipeline's stages. */
  stageIds: string[],
): Promise<FlowRow[]> {
  const { start, end } = periodBounds(period);
  const live = opportunityFilter(scope);
  const enteredInPeriod = sql`v.entered_at >= ${start} and v.entered_at < ${end}`;
  const exitedInPeriod = sql`v.seconds_in_stage is not null and v.left_at >= ${start} and v.left_at < ${end}`;
  const query = sql`
    with ${live.cte}
    select v.stage_id,
           count(*) filter (where v.entered) as entered,
           count(*) filter (where v.entered and v.advanced) as advanced,
           count(*) filter (where v.entered and v.won) as won,
           count(*) filter (where v.exited) as exits,
           avg(v.seconds_in_stage) filter (where v.exited) as average_seconds
      from (select v.stage_id, v.advanced, v.won, v.seconds_in_stage,
                   ${enteredInPeriod} and (v.previous_entry_at is null or v.previous_entry_at < ${start}) as entered,
                   ${exitedInPeriod} as exited
              from opportunity_stage_visits v
             where ${scopeFilter(scope, 'v')} and v.stage_id = any(${sql.param(stageIds)}::uuid[])
               and ((${enteredInPeriod}) or (${exitedInPeriod}))
               and ${live.test('v')}) v
     group by v.stage_id`;
  const rows = await txRows<{
    stage_id: string;
    entered: unknown;
    advanced: unknown;
    won: unknown;
    exits: unknown;
    average_seconds: unknown;
  }>(query);
  return rows.map((r) => ({
    stageId: r.stage_id,
    entered: int(r.entered),
    advanced: int(r.advanced),
    won: int(r.won),
    exits: int(r.exits),
    averageSecondsInStage: r.average_seconds === null ? null : Number(r.average_seconds),
  }));
}
