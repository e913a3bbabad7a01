import { txSql } from '../../platform/db/tenant.ts';
import type { OpportunityStatus } from './opportunity.tables.ts';

/**
 * Reads and writes of opportunities in SQL: the board's lateral per-column query and its totals
 * are shapes the query builder would only obscure. Every statement runs in the caller's tenant
 * transaction, so RLS applies on top of the explicit sub_account_id.
 */

export type OpportunityRecord = {
  id: string;
  name: string;
  pipelineId: string;
  stageId: string;
  contactId: string;
  contactName: string;
  contactEmail: string | null;
  contactPhone: string | null;
  monetaryValue: number;
  currency: string;
  status: OpportunityStatus;
  lostReasonId: string | null;
  assignedUserId: string | null;
  followerUserIds: string[];
  source: string | null;
  expectedCloseDate: string | null;
  customFields: Record<string, unknown>;
  stageEnteredAt: Date;
  statusChangedAt: Date | null;
  rotting: boolean;
  version: number;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** created_at as text, exact to the microsecond (a Date would round it), for keyset cursors. */
  createdKey: string;
};

const SELECT = `
  select o.id, o.name, o.pipeline_id as "pipelineId", o.stage_id as "stageId", o.contact_id as "contactId",
         coalesce(nullif(c.full_name, ''), c.email::text, c.phone, '') as "contactName",
         c.email::text as "contactEmail", c.phone as "contactPhone",
         o.monetary_value::float8 as "monetaryValue", o.currency, o.status, o.lost_reason_id as "lostReasonId",
         o.assigned_user_id as "assignedUserId", o.follower_user_ids::text[] as "followerUserIds", o.source,
         o.expected_close_date::text as "expectedCloseDate", o.custom_fields as "customFields",
         o.stage_entered_at as "stageEnteredAt", o.status_changed_at as "statusChangedAt",
         (o.status = 'open' and s.rotting_days is not null
           and o.stage_entered_at < now() - make_interval(days => s.rotting_days)) as rotting,
         o.version, o.deleted_at as "deletedAt", o.created_at as "createdAt", o.updated_at as "updatedAt",
         o.created_at::text as "createdKey"`;

const JOINS = `
    join contacts c on c.sub_account_id = o.sub_account_id and c.id = o.contact_id
    join pipeline_stages s on s.sub_account_id = o.sub_account_id and s.id = o.stage_id`;

export type Filters = {
  pipelineId?: string | undefined;
  stageId?: string | undefined;
  contactId?: string | undefined;
  status?: OpportunityStatus | undefined;
  assignedUserId?: string | undefined;
  minValue?: number | undefined;
  maxValue?: number | undefined;
  tagIds?: string[] | undefined;
  q?: string | undefined;
};

/** Filter conditions over `o`, with their parameters numbered after `params`. */
function filterSql(filters: Filters, params: unknown[]): string[] {
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filters.pipelineId) where.push(`o.pipeline_id = ${param(filters.pipelineId)}`);
  if (filters.stageId) where.push(`o.stage_id = ${param(filters.stageId)}`);
  if (filters.contactId) where.push(`o.contact_id = ${param(filters.contactId)}`);
  if (filters.status) where.push(`o.status = ${param(filters.status)}`);
  if (filters.assignedUserId === 'unassigned') where.push('o.assigned_user_id is null');
  else if (filters.assignedUserId) where.push(`o.assigned_user_id = ${param(filters.assignedUserId)}`);
  if (filters.minValue !== undefined) where.push(`o.monetary_value >= ${param(filters.minValue)}`);
  if (filters.maxValue !== undefined) where.push(`o.monetary_value <= ${param(filters.maxValue)}`);
  if (filters.tagIds && filters.tagIds.length > 0) {
    where.push(`exists (select 1 from contact_tags ct where ct.sub_account_id = o.sub_account_id
      and ct.contact_id = o.contact_id and ct.tag_id = any(${param(filters.tagIds)}::uuid[]))`);
  }
  if (filters.q) where.push(`o.name ilike ${param(`%${filters.q.replace(/[\\%_]/g, '\\$&')}%`)}`);
  return where;
}

export type Keyset = { createdAt: string; id: string };

const keysetSql = (after: Keyset | undefined, params: unknown[]) => {
  if (!after) return [];
  params.push(after.createdAt, after.id);
  return [`(o.created_at, o.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`];
};

export async function findOpportunity(
  subAccountId: string,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<OpportunityRecord | undefined> {
  const { rows } = await txSql().query<OpportunityRecord>(
    `${SELECT} from opportunities o ${JOINS}
      where o.sub_account_id = $1 and o.id = $2 ${options.includeDeleted ? '' : 'and o.deleted_at is null'}`,
    [subAccountId, id],
  );
  return rows[0];
}

/**
 * Locks one live opportunity until the transaction ends; false when there is none. A plain
 * single-table lock: with the joins of findOpportunity, a lock that waited for a concurrent move
 * would re-check the join against the stage row it saw before the move and lose the row.
 */
export async function lockOpportunity(subAccountId: string, id: string): Promise<boolean> {
  const { rows } = await txSql().query(
    `select id from opportunities where sub_account_id = $1 and id = $2 and deleted_at is null for update`,
    [subAccountId, id],
  );
  return rows.length === 1;
}

// ORDER BY names NULLS LAST like the index columns Drizzle writes (DESC NULLS LAST), so the
// planner walks opportunities_board_idx / opportunities_list_idx instead of sorting.

/** Newest first, keyset on (created_at, id), limit + 1 rows. */
export async function listOpportunities(input: {
  subAccountId: string;
  filters: Filters;
  after?: Keyset | undefined;
  limit: number;
}): Promise<OpportunityRecord[]> {
  const params: unknown[] = [input.subAccountId];
  const where = ['o.sub_account_id = $1', 'o.deleted_at is null', ...filterSql(input.filters, params)];
  where.push(...keysetSql(input.after, params));
  params.push(input.limit + 1);
  const { rows } = await txSql().query<OpportunityRecord>(
    `${SELECT} from opportunities o ${JOINS}
      where ${where.join(' and ')}
      order by o.created_at desc nulls last, o.id desc nulls last limit $${params.length}`,
    params,
  );
  return rows;
}

/**
 * The first `limit + 1` cards of every stage of a pipeline in one statement: a lateral
 * subquery per stage walks opportunities_board_idx (pipeline, stage, status, created_at).
 */
export async function boardColumns(input: {
  subAccountId: string;
  pipelineId: string;
  filters: Filters;
  limit: number;
}): Promise<OpportunityRecord[]> {
  const params: unknown[] = [input.subAccountId, input.pipelineId];
  const where = [
    'o.sub_account_id = st.sub_account_id',
    'o.pipeline_id = st.pipeline_id',
    'o.stage_id = st.id',
    'o.deleted_at is null',
    ...filterSql(input.filters, params),
  ];
  params.push(input.limit + 1);
  const { rows } = await txSql().query<OpportunityRecord>(
    `select card.* from pipeline_stages st
       cross join lateral (
         ${SELECT} from opportunities o ${JOINS}
          where ${where.join(' and ')}
          order by o.created_at desc nulls last, o.id desc nulls last limit $${params.length}
       ) card
      where st.sub_account_id = $1 and st.pipeline_id = $2
      order by st.position, card."createdAt" desc, card.id desc`,
    params,
  );
  return rows;
}

export type StageTotal = {
  stageId: string;
  currency: string;
  count: number;
  /** Exact sums of minor units as decimal strings: they may exceed the largest exact JS number. */
  value: string;
  weightedValue: string;
};

/**
 * Value x win probability / 100, rounded half up to the minor unit, as text. By 100.00, not 100.0:
 * the quotient then keeps its two (exact) decimals, where by 100.0 PostgreSQL keeps only one for
 * a large quotient, and x.45 to x.49 would round to x.5 and then up.
 */
const weighted = (value: string, probability: string) => `round(${value} * ${probability} / 100.00)::text`;

/**
 * Count, value and value × win probability per stage and currency for one status, read from the
 * totals the database keeps (pipeline_stage_totals): what an unfiltered board shows.
 */
export async function keptStageTotals(input: {
  subAccountId: string;
  pipelineId: string;
  status: OpportunityStatus;
}): Promise<StageTotal[]> {
  const { rows } = await txSql().query<StageTotal>(
    `select t.stage_id as "stageId", t.currency, t.count, t.value::text as value,
            ${weighted('t.value', 's.win_probability')} as "weightedValue"
       from pipeline_stage_totals t
       join pipeline_stages s on s.sub_account_id = t.sub_account_id and s.id = t.stage_id
      where t.sub_account_id = $1 and t.pipeline_id = $2 and t.status = $3 and t.count > 0
      order by t.stage_id, t.currency`,
    [input.subAccountId, input.pipelineId, input.status],
  );
  return rows;
}

/** Count, value and value × win probability per stage and currency, under any filters. */
export async function stageTotals(input: {
  subAccountId: string;
  pipelineId: string;
  filters: Filters;
}): Promise<StageTotal[]> {
  const params: unknown[] = [input.subAccountId, input.pipelineId];
  const where = [
    'o.sub_account_id = $1',
    'o.pipeline_id = $2',
    'o.deleted_at is null',
    ...filterSql(input.filters, params),
  ];
  const { rows } = await txSql().query<StageTotal>(
    `select t.stage_id as "stageId", t.currency, t.n as count, t.total::text as value,
            ${weighted('t.total', 's.win_probability')} as "weightedValue"
       from (select o.stage_id, o.currency, count(*)::int as n, sum(o.monetary_value) as total
               from opportunities o where ${where.join(' and ')}
              group by o.stage_id, o.currency) t
       join pipeline_stages s on s.sub_account_id = $1 and s.id = t.stage_id`,
    params,
  );
  return rows;
}

export type OpportunityRow = {
  subAccountId: string;
  id: string;
  pipelineId: string;
  stageId: string;
  contactId: string;
  name: string;
  monetaryValue: number;
  currency: string;
  status: OpportunityStatus;
  lostReasonId: string | null;
  assignedUserId: string | null;
  followerUserIds: string[];
  source: string | null;
  expectedCloseDate: string | null;
  customFields: Record<string, unknown>;
};

const COLUMNS: Record<keyof OpportunityRow, string> = {
  subAccountId: 'sub_account_id',
  id: 'id',
  pipelineId: 'pipeline_id',
  stageId: 'stage_id',
  contactId: 'contact_id',
  name: 'name',
  monetaryValue: 'monetary_value',
  currency: 'currency',
  status: 'status',
  lostReasonId: 'lost_reason_id',
  assignedUserId: 'assigned_user_id',
  followerUserIds: 'follower_user_ids',
  source: 'source',
  expectedCloseDate: 'expected_close_date',
  customFields: 'custom_fields',
};

export async function insertOpportunity(row: OpportunityRow): Promise<void> {
  const keys = Object.keys(COLUMNS) as (keyof OpportunityRow)[];
  await txSql().query(
    `insert into opportunities (${keys.map((k) => COLUMNS[k]).join(', ')})
     values (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
    keys.map((k) => (k === 'customFields' ? JSON.stringify(row[k]) : row[k])),
  );
}

export type OpportunityChanges = Partial<Omit<OpportunityRow, 'subAccountId' | 'id'>>;

/** Applies the changes to the given live opportunities; returns the ids it updated. */
export async function updateOpportunities(
  subAccountId: string,
  ids: string[],
  changes: OpportunityChanges,
): Promise<string[]> {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined) as [
    keyof OpportunityRow,
    unknown,
  ][];
  const params: unknown[] = [subAccountId, ids];
  const set = entries.map(([key, value]) => {
    params.push(key === 'customFields' ? JSON.stringify(value) : value);
    return `${COLUMNS[key]} = $${params.length}`;
  });
  // An update with nothing to set still bumps the version, as a write the caller asked for.
  if (set.length === 0) set.push('updated_at = now()');
  const { rows } = await txSql().query<{ id: string }>(
    `update opportunities set ${set.join(', ')}
      where sub_account_id = $1 and id = any($2::uuid[]) and deleted_at is null
      returning id`,
    params,
  );
  return rows.map((r) => r.id);
}

export async function setDeleted(subAccountId: string, ids: string[], deleted: boolean): Promise<string[]> {
  const { rows } = await txSql().query<{ id: string }>(
    `update opportunities set deleted_at = ${deleted ? 'now()' : 'null'}
      where sub_account_id = $1 and id = any($2::uuid[]) and deleted_at is ${deleted ? 'null' : 'not null'}
      returning id`,
    [subAccountId, ids],
  );
  return rows.map((r) => r.id);
}

/** The live opportunities among `ids`, locked, with what a bulk action needs to check and report. */
export async function lockOpportunities(
  subAccountId: string,
  ids: string[],
): Promise<
  {
    id: string;
    pipelineId: string;
    stageId: string;
    status: OpportunityStatus;
    assignedUserId: string | null;
  }[]
> {
  const { rows } = await txSql().query<{
    id: string;
    pipelineId: string;
    stageId: string;
    status: OpportunityStatus;
    assignedUserId: string | null;
  }>(
    `select id, pipeline_id as "pipelineId", stage_id as "stageId", status, assigned_user_id as "assignedUserId"
       from opportunities where sub_account_id = $1 and id = any($2::uuid[]) and deleted_at is null
      order by id for update`,
    [subAccountId, ids],
  );
  return rows;
}

/** GoHighLevel's upsert key: the contact's newest live opportunity in the pipeline, open ones first. */
export async function findByContactAndPipeline(
  subAccountId: string,
  contactId: string,
  pipelineId: string,
): Promise<string | undefined> {
  const { rows } = await txSql().query<{ id: string }>(
    `select id from opportunities
      where sub_account_id = $1 and contact_id = $2 and pipeline_id = $3 and deleted_at is null
      order by (status = 'open') desc, created_at desc limit 1`,
    [subAccountId, contactId, pipelineId],
  );
  return rows[0]?.id;
}

/** Serialises upserts of one contact and pipeline, so two at once cannot both create. */
export async function lockUpsertKey(
  subAccountId: string,
  contactId: string,
  pipelineId: string,
): Promise<void> {
  await txSql().query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `opportunity-upsert:${subAccountId}:${contactId}:${pipelineId}`,
  ]);
}

/** Contact merges: every opportunity of one contact (deleted ones too) moves to the other. */
export async function moveToContact(
  subAccountId: string,
  fromContactId: string,
  toContactId: string,
): Promise<number> {
  const { rows } = await txSql().query(
    `update opportunities set contact_id = $3 where sub_account_id = $1 and contact_id = $2 returning id`,
    [subAccountId, fromContactId, toContactId],
  );
  return rows.length;
}

export type HistoryRecord = {
  id: string;
  pipelineId: string;
  fromStageId: string | null;
  fromStageName: string | null;
  toStageId: string;
  toStageName: string | null;
  fromStatus: string | null;
  toStatus: string;
  fromValue: number | null;
  toValue: number;
  secondsInFromStage: number | null;
  changedByUserId: string | null;
  changedByName: string | null;
  changedAt: Date;
  opportunityId: string;
  opportunityName: string;
};

const HISTORY = `
  select h.id, h.pipeline_id as "pipelineId", h.from_stage_id as "fromStageId", fs.name as "fromStageName",
         h.to_stage_id as "toStageId", ts.name as "toStageName", h.from_status as "fromStatus",
         h.to_status as "toStatus", h.from_value::float8 as "fromValue", h.to_value::float8 as "toValue",
         h.seconds_in_from_stage::float8 as "secondsInFromStage", h.changed_by_user_id as "changedByUserId",
         u.name as "changedByName", h.changed_at as "changedAt", h.opportunity_id as "opportunityId",
         o.name as "opportunityName"
    from opportunity_stage_history h
    join opportunities o on o.sub_account_id = h.sub_account_id and o.id = h.opportunity_id
    left join pipeline_stages fs on fs.sub_account_id = h.sub_account_id and fs.id = h.from_stage_id
    left join pipeline_stages ts on ts.sub_account_id = h.sub_account_id and ts.id = h.to_stage_id
    left join users u on u.id = h.changed_by_user_id`;

export async function historyOf(subAccountId: string, opportunityId: string): Promise<HistoryRecord[]> {
  const { rows } = await txSql().query<HistoryRecord>(
    `${HISTORY} where h.sub_account_id = $1 and h.opportunity_id = $2 order by h.changed_at, h.id`,
    [subAccountId, opportunityId],
  );
  return rows;
}

/** For the contact's timeline: the history of all its opportunities, newest first. */
export async function historyOfContact(
  subAccountId: string,
  contactId: string,
  limit: number,
): Promise<HistoryRecord[]> {
  const { rows } = await txSql().query<HistoryRecord>(
    `${HISTORY} where h.sub_account_id = $1 and o.contact_id = $2 order by h.changed_at desc, h.id desc limit $3`,
    [subAccountId, contactId, limit],
  );
  return rows;
}
