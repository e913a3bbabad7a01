import { type SQL, type Subquery, sql } from 'drizzle-orm';
import { tx, txRows } from '../../platform/db/tenant.ts';
import { contactCardsView, contactTagsView } from '../contacts/index.ts';
import { userNamesView } from '../identity/index.ts';
import { stageTotalsView, stagesView } from '../pipelines/index.ts';
import type { OpportunityStatus } from './opportunity.constants.ts';

/**
 * Reads and writes of opportunities in SQL: the board's lateral per-column query and its totals
 * are shapes the query builder would only obscure. Every statement runs in the caller's tenant
 * transaction, so RLS applies on top of the explicit sub_account_id. A card's contact, its tags and
 * its stage come through the read views of contacts and pipelines (docs/decisions/0010-read-views.md),
 * referred to by their names (`contact_cards`, `stages`, ...) and their SQL column names.
 */

/**
 * A read view under an alias of its own, for a statement that joins it twice (the board's stages
 * around and inside its lateral, a move's from and to stage). PostgreSQL flattens this subquery of
 * a subquery as it does the view itself.
 */
const aliased = (view: Subquery, alias: string) => sql`(select * from ${view}) ${sql.identifier(alias)}`;

/** Drizzle's drivers return a raw statement's timestamps as text; these columns become Dates. */
function withDates<T>(rows: Record<string, unknown>[], keys: readonly string[]): T[] {
  for (const row of rows) {
    for (const key of keys) if (typeof row[key] === 'string') row[key] = new Date(row[key]);
  }
  return rows as T[];
}

const RECORD_DATES = ['stageEnteredAt', 'statusChangedAt', 'deletedAt', 'createdAt', 'updatedAt'];
const records = async (query: SQL) =>
  withDates<OpportunityRecord>(await txRows<Record<string, unknown>>(query), RECORD_DATES);

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

const SELECT = sql`
  select o.id, o.name, o.pipeline_id as "pipelineId", o.stage_id as "stageId", o.contact_id as "contactId",
         coalesce(nullif(contact_cards.full_name, ''), contact_cards.email::text, contact_cards.phone, '') as "contactName",
         contact_cards.email::text as "contactEmail", contact_cards.phone as "contactPhone",
         o.monetary_value::float8 as "monetaryValue", o.currency, o.status, o.lost_reason_id as "lostReasonId",
         o.assigned_user_id as "assignedUserId", o.follower_user_ids::text[] as "followerUserIds", o.source,
         o.expected_close_date::text as "expectedCloseDate", o.custom_fields as "customFields",
         o.stage_entered_at as "stageEnteredAt", o.status_changed_at as "statusChangedAt",
         (o.status = 'open' and stages.rotting_days is not null
           and o.stage_entered_at < now() - make_interval(days => stages.rotting_days)) as rotting,
         o.version, o.deleted_at as "deletedAt", o.created_at as "createdAt", o.updated_at as "updatedAt",
         o.created_at::text as "createdKey"`;

const JOINS = sql`
    join ${contactCardsView} on contact_cards.sub_account_id = o.sub_account_id and contact_cards.id = o.contact_id
    join ${stagesView} on stages.sub_account_id = o.sub_account_id and stages.id = o.stage_id`;

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

/** Filter conditions over `o`. */
function filterSql(filters: Filters): SQL[] {
  const where: SQL[] = [];
  if (filters.pipelineId) where.push(sql`o.pipeline_id = ${filters.pipelineId}`);
  if (filters.stageId) where.push(sql`o.stage_id = ${filters.stageId}`);
  if (filters.contactId) where.push(sql`o.contact_id = ${filters.contactId}`);
  if (filters.status) where.push(sql`o.status = ${filters.status}`);
  if (filters.assignedUserId === 'unassigned') where.push(sql`o.assigned_user_id is null`);
  else if (filters.assignedUserId) where.push(sql`o.assigned_user_id = ${filters.assignedUserId}`);
  if (filters.minValue !== undefined) where.push(sql`o.monetary_value >= ${filters.minValue}`);
  if (filters.maxValue !== undefined) where.push(sql`o.monetary_value <= ${filters.maxValue}`);
  if (filters.tagIds && filters.tagIds.length > 0) {
    where.push(sql`exists (select 1 from ${contactTagsView}
      where contact_tag_links.sub_account_id = o.sub_account_id and contact_tag_links.contact_id = o.contact_id
        and contact_tag_links.tag_id = any(${sql.param(filters.tagIds)}::uuid[]))`);
  }
  if (filters.q) where.push(sql`o.name ilike ${`%${filters.q.replace(/[\\%_]/g, '\\$&')}%`}`);
  return where;
}

/** The conditions joined by AND. */
const allOf = (conditions: SQL[]) => sql.join(conditions, sql` and `);

export type Keyset = { createdAt: string; id: string };

const keysetSql = (after: Keyset | undefined): SQL[] =>
  after ? [sql`(o.created_at, o.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`] : [];

export async function findOpportunity(
  subAccountId: string,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<OpportunityRecord | undefined> {
  const rows = await records(
    sql`${SELECT} from opportunities o ${JOINS}
      where o.sub_account_id = ${subAccountId} and o.id = ${id}${options.includeDeleted ? sql`` : sql` and o.deleted_at is null`}`,
  );
  return rows[0];
}

/**
 * Locks one live opportunity until the transaction ends; false when there is none. A plain
 * single-table lock: with the joins of findOpportunity, a lock that waited for a concurrent move
 * would re-check the join against the stage row it saw before the move and lose the row.
 */
export async function lockOpportunity(subAccountId: string, id: string): Promise<boolean> {
  const rows = await txRows(
    sql`select id from opportunities where sub_account_id = ${subAccountId} and id = ${id} and deleted_at is null for update`,
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
  const where = [
    sql`o.sub_account_id = ${input.subAccountId}`,
    sql`o.deleted_at is null`,
    ...filterSql(input.filters),
    ...keysetSql(input.after),
  ];
  return records(
    sql`${SELECT} from opportunities o ${JOINS}
      where ${allOf(where)}
      order by o.created_at desc nulls last, o.id desc nulls last limit ${input.limit + 1}`,
  );
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
  const where = [
    sql`o.sub_account_id = st.sub_account_id`,
    sql`o.pipeline_id = st.pipeline_id`,
    sql`o.stage_id = st.id`,
    sql`o.deleted_at is null`,
    ...filterSql(input.filters),
  ];
  return records(
    sql`select card.* from ${aliased(stagesView, 'st')}
       cross join lateral (
         ${SELECT} from opportunities o ${JOINS}
          where ${allOf(where)}
          order by o.created_at desc nulls last, o.id desc nulls last limit ${input.limit + 1}
       ) card
      where st.sub_account_id = ${input.subAccountId} and st.pipeline_id = ${input.pipelineId}
      order by st.position, card."createdAt" desc, card.id desc`,
  );
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
const weighted = (value: SQL, probability: SQL) => sql`round(${value} * ${probability} / 100.00)::text`;

/**
 * Count, value and value × win probability per stage and currency for one status, read from the
 * totals the database keeps (pipelines' stageTotalsView): what an unfiltered board shows.
 */
export async function keptStageTotals(input: {
  subAccountId: string;
  pipelineId: string;
  status: OpportunityStatus;
}): Promise<StageTotal[]> {
  return txRows<StageTotal>(
    sql`select stage_totals.stage_id as "stageId", stage_totals.currency, stage_totals.count,
            stage_totals.value::text as value,
            ${weighted(sql`stage_totals.value`, sql`stages.win_probability`)} as "weightedValue"
       from ${stageTotalsView}
       join ${stagesView} on stages.sub_account_id = stage_totals.sub_account_id and stages.id = stage_totals.stage_id
      where stage_totals.sub_account_id = ${input.subAccountId} and stage_totals.pipeline_id = ${input.pipelineId}
        and stage_totals.status = ${input.status} and stage_totals.count > 0
      order by stage_totals.stage_id, stage_totals.currency`,
  );
}

/** Count, value and value × win probability per stage and currency, under any filters. */
export async function stageTotals(input: {
  subAccountId: string;
  pipelineId: string;
  filters: Filters;
}): Promise<StageTotal[]> {
  const where = [
    sql`o.sub_account_id = ${input.subAccountId}`,
    sql`o.pipeline_id = ${input.pipelineId}`,
    sql`o.deleted_at is null`,
    ...filterSql(input.filters),
  ];
  return txRows<StageTotal>(
    sql`select t.stage_id as "stageId", t.currency, t.n as count, t.total::text as value,
            ${weighted(sql`t.total`, sql`stages.win_probability`)} as "weightedValue"
       from (select o.stage_id, o.currency, count(*)::int as n, sum(o.monetary_value) as total
               from opportunities o where ${allOf(where)}
              group by o.stage_id, o.currency) t
       join ${stagesView} on stages.sub_account_id = ${input.subAccountId} and stages.id = t.stage_id`,
  );
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
  const columns = sql.join(
    keys.map((k) => sql.identifier(COLUMNS[k])),
    sql`, `,
  );
  const values = sql.join(
    keys.map((k) => sql.param(k === 'customFields' ? JSON.stringify(row[k]) : row[k])),
    sql`, `,
  );
  await tx().execute(sql`insert into opportunities (${columns}) values (${values})`);
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
  const set = entries.map(
    ([key, value]) =>
      sql`${sql.identifier(COLUMNS[key])} = ${sql.param(key === 'customFields' ? JSON.stringify(value) : value)}`,
  );
  // An update with nothing to set still bumps the version, as a write the caller asked for.
  if (set.length === 0) set.push(sql`updated_at = now()`);
  const rows = await txRows<{ id: string }>(
    sql`update opportunities set ${sql.join(set, sql`, `)}
      where sub_account_id = ${subAccountId} and id = any(${sql.param(ids)}::uuid[]) and deleted_at is null
      returning id`,
  );
  return rows.map((r) => r.id);
}

export async function setDeleted(subAccountId: string, ids: string[], deleted: boolean): Promise<string[]> {
  const rows = await txRows<{ id: string }>(
    sql`update opportunities set deleted_at = ${deleted ? sql`now()` : sql`null`}
      where sub_account_id = ${subAccountId} and id = any(${sql.param(ids)}::uuid[])
        and deleted_at is ${deleted ? sql`null` : sql`not null`}
      returning id`,
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
  return txRows(
    sql`select id, pipeline_id as "pipelineId", stage_id as "stageId", status, assigned_user_id as "assignedUserId"
       from opportunities where sub_account_id = ${subAccountId} and id = any(${sql.param(ids)}::uuid[])
        and deleted_at is null
      order by id for update`,
  );
}

/** GoHighLevel's upsert key: the contact's newest live opportunity in the pipeline, open ones first. */
export async function findByContactAndPipeline(
  subAccountId: string,
  contactId: string,
  pipelineId: string,
): Promise<string | undefined> {
  const rows = await txRows<{ id: string }>(
    sql`select id from opportunities
      where sub_account_id = ${subAccountId} and contact_id = ${contactId} and pipeline_id = ${pipelineId}
        and deleted_at is null
      order by (status = 'open') desc, created_at desc limit 1`,
  );
  return rows[0]?.id;
}

/** Serialises upserts of one contact and pipeline, so two at once cannot both create. */
export async function lockUpsertKey(
  subAccountId: string,
  contactId: string,
  pipelineId: string,
): Promise<void> {
  const key = `opportunity-upsert:${subAccountId}:${contactId}:${pipelineId}`;
  await tx().execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** Contact merges: every opportunity of one contact (deleted ones too) moves to the other. */
export async function moveToContact(
  subAccountId: string,
  fromContactId: string,
  toContactId: string,
): Promise<number> {
  const rows = await txRows(
    sql`update opportunities set contact_id = ${toContactId}
      where sub_account_id = ${subAccountId} and contact_id = ${fromContactId} returning id`,
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

// The stages' names and the changer's name through pipelines' and identity's read views.
const HISTORY = sql`
  select h.id, h.pipeline_id as "pipelineId", h.from_stage_id as "fromStageId", fs.name as "fromStageName",
         h.to_stage_id as "toStageId", ts.name as "toStageName", h.from_status as "fromStatus",
         h.to_status as "toStatus", h.from_value::float8 as "fromValue", h.to_value::float8 as "toValue",
         h.seconds_in_from_stage::float8 as "secondsInFromStage", h.changed_by_user_id as "changedByUserId",
         user_names.name as "changedByName", h.changed_at as "changedAt", h.opportunity_id as "opportunityId",
         o.name as "opportunityName"
    from opportunity_stage_history h
    join opportunities o on o.sub_account_id = h.sub_account_id and o.id = h.opportunity_id
    left join ${aliased(stagesView, 'fs')} on fs.sub_account_id = h.sub_account_id and fs.id = h.from_stage_id
    left join ${aliased(stagesView, 'ts')} on ts.sub_account_id = h.sub_account_id and ts.id = h.to_stage_id
    left join ${userNamesView} on user_names.id = h.changed_by_user_id`;

const history = async (query: SQL) =>
  withDates<HistoryRecord>(await txRows<Record<string, unknown>>(query), ['changedAt']);

export async function historyOf(subAccountId: string, opportunityId: string): Promise<HistoryRecord[]> {
  return history(
    sql`${HISTORY} where h.sub_account_id = ${subAccountId} and h.opportunity_id = ${opportunityId}
      order by h.changed_at, h.id`,
  );
}

/** For the contact's timeline: the history of all its opportunities, newest first. */
export async function historyOfContact(
  subAccountId: string,
  contactId: string,
  limit: number,
): Promise<HistoryRecord[]> {
  return history(
    sql`${HISTORY} where h.sub_account_id = ${subAccountId} and o.contact_id = ${contactId}
      order by h.changed_at desc, h.id desc limit ${limit}`,
  );
}
