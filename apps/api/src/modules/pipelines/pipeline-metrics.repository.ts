import { txSql } from '../../platform/db/tenant.ts';

/*
 * The forecast and performance queries. They read opportunities and their stage history, which the
 * opportunities module owns: these are reports over both modules' tables (as seed 000's
 * v_pipeline_metrics is), kept read-only and in this one file.
 *
 * Every query takes its scope as parameters: a list of sub-accounts and, optionally, one pipeline.
 * A sub-account page passes its own sub-account and pipeline; a roll-up passes several sub-accounts
 * and no pipeline. Row-level security still applies underneath (the explicit filters are for the
 * indexes and for Citus routing).
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

type Money = { currency: string; count: number; value: number };
type WeightedMoney = Money & { weightedValue: number };

export type StageRow = { stageId: string; name: string; position: number; winProbability: number };
export type OpenRow = WeightedMoney & {
  stageId: string | null;
  assignedUserId: string | null;
  byUser: boolean;
};
export type ClosedRow = Money & {
  status: 'won' | 'lost';
  pipelineId: string;
  subAccountId: string;
  /** Set on bucket rows (YYYY-MM-DD), null on per-user and per-pipeline rows. */
  bucket: string | null;
  assignedUserId: string | null;
  grouping: 'bucket' | 'user' | 'pipeline';
};
export type FlowRow = {
  stageId: string;
  entered: number;
  advanced: number;
  won: number;
  exits: number;
  averageSecondsInStage: number | null;
};
export type PipelineRef = { subAccountId: string; pipelineId: string; name: string };
export type PipelineOpenRow = WeightedMoney & { subAccountId: string; pipelineId: string };

/** Builds a parameter list and the matching `$n` placeholders side by side. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The scope's filter on a table aliased `alias` (pipelines and opportunities alike). */
function scopeFilter(p: Params, scope: MetricsScope, alias: string): string {
  const parts = [`${alias}.sub_account_id = any(${p.add(scope.subAccountIds)}::uuid[])`];
  if (scope.pipelineId) parts.push(`${alias}.pipeline_id = ${p.add(scope.pipelineId)}::uuid`);
  return parts.join(' and ');
}

function assigneeFilter(p: Params, scope: MetricsScope, alias: string): string {
  if (scope.assignedUserId === undefined) return '';
  if (scope.assignedUserId === 'unassigned') return ` and ${alias}.assigned_user_id is null`;
  return ` and ${alias}.assigned_user_id = ${p.add(scope.assignedUserId)}::uuid`;
}

/** The period's bounds as timestamptz expressions: [start of `from`, start of the day after `to`). */
function periodBounds(p: Params, period: MetricsPeriod): { start: string; end: string; tz: string } {
  const tz = p.add(period.timeZone);
  return {
    start: `(${p.add(period.from)}::date::timestamp at time zone ${tz}::text)`,
    end: `((${p.add(period.to)}::date + 1)::timestamp at time zone ${tz}::text)`,
    tz: `${tz}::text`,
  };
}

const int = (v: unknown): number => Number(v ?? 0);

export async function findPipeline(
  subAccountId: string,
  pipelineId: string,
): Promise<PipelineRef | undefined> {
  const { rows } = await txSql().query<{ sub_account_id: string; id: string; name: string }>(
    `select sub_account_id, id, name::text as name from pipelines where sub_account_id = $1 and id = $2`,
    [subAccountId, pipelineId],
  );
  const row = rows[0];
  return row && { subAccountId: row.sub_account_id, pipelineId: row.id, name: row.name };
}

/** The stages of one pipeline, in order. */
export async function listStages(subAccountId: string, pipelineId: string): Promise<StageRow[]> {
  const { rows } = await txSql().query<{
    id: string;
    name: string;
    position: number;
    win_probability: number;
  }>(
    `select id, name, position, win_probability from pipeline_stages
      where sub_account_id = $1 and pipeline_id = $2 order by position, id`,
    [subAccountId, pipelineId],
  );
  return rows.map((r) => ({
    stageId: r.id,
    name: r.name,
    position: int(r.position),
    winProbability: int(r.win_probability),
  }));
}

/**
 * Open opportunities now, per stage and currency and per assigned user and currency, in one pass
 * (grouping sets). Weighted values are rounded once per group, as v_pipeline_metrics does.
 */
export async function openTotals(scope: MetricsScope): Promise<OpenRow[]> {
  const p = new Params();
  const sql = `
    select o.stage_id, o.assigned_user_id, o.currency,
           grouping(o.stage_id) = 1 as by_user,
           count(*) as count,
           sum(o.monetary_value) as value,
           round(sum(o.monetary_value * s.win_probability / 100.0)) as weighted_value
      from opportunities o
      join pipeline_stages s on s.sub_account_id = o.sub_account_id and s.id = o.stage_id
     where ${scopeFilter(p, scope, 'o')} and o.status = 'open' and o.deleted_at is null${assigneeFilter(p, scope, 'o')}
     group by grouping sets ((o.stage_id, o.currency), (o.assigned_user_id, o.currency))`;
  const { rows } = await txSql().query<{
    stage_id: string | null;
    assigned_user_id: string | null;
    currency: string;
    by_user: boolean;
    count: unknown;
    value: unknown;
    weighted_value: unknown;
  }>(sql, p.values);
  return rows.map((r) => ({
    stageId: r.stage_id,
    assignedUserId: r.assigned_user_id,
    byUser: r.by_user,
    currency: r.currency,
    count: int(r.count),
    value: int(r.value),
    weightedValue: int(r.weighted_value),
  }));
}

/**
 * Opportunities won or lost during the period (by when their status last changed), per bucket of
 * the period, per assigned user and per pipeline, each per currency.
 */
export async function closedTotals(scope: MetricsScope, period: MetricsPeriod): Promise<ClosedRow[]> {
  const p = new Params();
  const { start, end, tz } = periodBounds(p, period);
  const unit = period.bucket === 'week' ? `'week'` : `'day'`;
  const sql = `
    select o.sub_account_id, o.pipeline_id, o.status, o.currency, o.assigned_user_id,
           to_char(date_trunc(${unit}, o.status_changed_at at time zone ${tz}), 'YYYY-MM-DD') as bucket,
           case when grouping(o.sub_account_id) = 0 then 'pipeline'
                when grouping(o.assigned_user_id) = 0 then 'user' else 'bucket' end as grouping,
           count(*) as count,
           sum(o.monetary_value) as value
      from opportunities o
     where ${scopeFilter(p, scope, 'o')} and o.status in ('won', 'lost') and o.deleted_at is null
       and o.status_changed_at >= ${start} and o.status_changed_at < ${end}${assigneeFilter(p, scope, 'o')}
     group by grouping sets (
       (o.status, o.currency, date_trunc(${unit}, o.status_changed_at at time zone ${tz})),
       (o.status, o.currency, o.assigned_user_id),
       (o.status, o.currency, o.sub_account_id, o.pipeline_id))`;
  const { rows } = await txSql().query<{
    sub_account_id: string | null;
    pipeline_id: string | null;
    status: 'won' | 'lost';
    currency: string;
    assigned_user_id: string | null;
    bucket: string | null;
    grouping: ClosedRow['grouping'];
    count: unknown;
    value: unknown;
  }>(sql, p.values);
  return rows.map((r) => ({
    subAccountId: r.sub_account_id ?? '',
    pipelineId: r.pipeline_id ?? '',
    status: r.status,
    currency: r.currency,
    assignedUserId: r.assigned_user_id,
    bucket: r.grouping === 'bucket' ? r.bucket : null,
    grouping: r.grouping,
    count: int(r.count),
    value: int(r.value),
  }));
}

/**
 * Per stage of one pipeline: the opportunities that entered it during the period, how many of them
 * later reached a stage further down and how many are won; and the moves out of it during the
 * period with the mean time spent in it.
 *
 * Entering is a history row whose stage differs from the one before (creation included); status-
 * and value-only rows keep the stage and are left out. "Later reached a further stage" is the
 * highest position among the card's subsequent entries, a window over its history in time order.
 */
export async function stageFlow(
  scope: MetricsScope & { pipelineId: string },
  period: MetricsPeriod,
): Promise<FlowRow[]> {
  const p = new Params();
  const { start, end } = periodBounds(p, period);
  const sql = `
    with moves as (
      select h.sub_account_id, h.opportunity_id, h.id, h.changed_at, h.from_stage_id, h.to_stage_id,
             h.seconds_in_from_stage, s.position,
             max(s.position) over (partition by h.sub_account_id, h.opportunity_id
                                   order by h.changed_at, h.id
                                   rows between 1 following and unbounded following) as later_position
        from opportunity_stage_history h
        join pipeline_stages s on s.sub_account_id = h.sub_account_id and s.pipeline_id = h.pipeline_id
                              and s.id = h.to_stage_id
       where ${scopeFilter(p, scope, 'h')} and h.changed_at >= ${start}
         and h.from_stage_id is distinct from h.to_stage_id
    ), entries as (
      select distinct on (m.opportunity_id, m.to_stage_id)
             m.sub_account_id, m.opportunity_id, m.to_stage_id, m.position, m.later_position
        from moves m
       where m.changed_at < ${end}
       order by m.opportunity_id, m.to_stage_id, m.changed_at, m.id
    ), live as (
      select o.sub_account_id, o.id, o.status
        from opportunities o
       where ${scopeFilter(p, scope, 'o')} and o.deleted_at is null${assigneeFilter(p, scope, 'o')}
    ), entered as (
      select e.to_stage_id as stage_id,
             count(*) as entered,
             count(*) filter (where e.later_position > e.position) as advanced,
             count(*) filter (where l.status = 'won') as won
        from entries e
        join live l on l.sub_account_id = e.sub_account_id and l.id = e.opportunity_id
       group by e.to_stage_id
    ), exited as (
      select m.from_stage_id as stage_id, count(*) as exits, avg(m.seconds_in_from_stage) as average_seconds
        from moves m
        join live l on l.sub_account_id = m.sub_account_id and l.id = m.opportunity_id
       where m.changed_at < ${end} and m.seconds_in_from_stage is not null
       group by m.from_stage_id
    )
    select coalesce(n.stage_id, x.stage_id) as stage_id, n.entered, n.advanced, n.won, x.exits,
           x.average_seconds
      from entered n full join exited x on x.stage_id = n.stage_id`;
  const { rows } = await txSql().query<{
    stage_id: string;
    entered: unknown;
    advanced: unknown;
    won: unknown;
    exits: unknown;
    average_seconds: unknown;
  }>(sql, p.values);
  return rows.map((r) => ({
    stageId: r.stage_id,
    entered: int(r.entered),
    advanced: int(r.advanced),
    won: int(r.won),
    exits: int(r.exits),
    averageSecondsInStage: r.average_seconds === null ? null : Number(r.average_seconds),
  }));
}
