import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { citext, idColumn, timestamps } from '../../platform/db/columns.ts';
import { subAccounts } from '../agencies/agency.tables.ts';

/** Sales pipelines of a sub-account (seed 000 section 4); a sub-account may have several. */
export const pipelines = pgTable(
  'pipelines',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    name: citext('name').notNull(),
    position: integer('position').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'pipelines_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'pipelines_sub_account_fk',
      columns: [t.subAccountId],
      foreignColumns: [subAccounts.id],
    }),
    uniqueIndex('pipelines_name_key').on(t.subAccountId, t.name),
    check('pipelines_name_check', sql`length(btrim(${t.name}::text)) between 1 and 120`),
  ],
);

/**
 * Ordered stages of a pipeline, each with a win probability (0 to 100) that weights forecasts and
 * an optional rotting age after which an open card in it is flagged.
 */
export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    pipelineId: uuid('pipeline_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    winProbability: smallint('win_probability').notNull().default(0),
    rottingDays: integer('rotting_days'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'pipeline_stages_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'pipeline_stages_pipeline_fk',
      columns: [t.subAccountId, t.pipelineId],
      foreignColumns: [pipelines.subAccountId, pipelines.id],
    }).onDelete('cascade'),
    // Lets opportunities reference (pipeline, stage) together, so a stage of another pipeline is
    // refused by the database itself.
    uniqueIndex('pipeline_stages_pipeline_stage_key').on(t.subAccountId, t.pipelineId, t.id),
    index('pipeline_stages_position_idx').on(t.subAccountId, t.pipelineId, t.position),
    check('pipeline_stages_name_check', sql`length(btrim(${t.name})) between 1 and 120`),
    check('pipeline_stages_win_probability_check', sql`${t.winProbability} between 0 and 100`),
    check(
      'pipeline_stages_rotting_days_check',
      sql`${t.rottingDays} is null or ${t.rottingDays} between 1 and 3650`,
    ),
  ],
);

/** Why deals are lost: a per-sub-account list that lost opportunities point at. */
export const lostReasons = pgTable(
  'lost_reasons',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    name: citext('name').notNull(),
    position: integer('position').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'lost_reasons_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'lost_reasons_sub_account_fk',
      columns: [t.subAccountId],
      foreignColumns: [subAccounts.id],
    }),
    uniqueIndex('lost_reasons_name_key').on(t.subAccountId, t.name),
    check('lost_reasons_name_check', sql`length(btrim(${t.name}::text)) between 1 and 120`),
  ],
);

/**
 * Count and value of the live opportunities per stage, status and currency, kept by a trigger on
 * opportunities (app.opportunity_totals): the board reads its column totals here instead of
 * aggregating every card of the pipeline on each load.
 */
export const pipelineStageTotals = pgTable(
  'pipeline_stage_totals',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    count: integer('count').notNull().default(0),
    // numeric, not bigint: a column of many large cards must add up without overflowing.
    value: numeric('value', { precision: 38, scale: 0, mode: 'string' }).notNull().default('0'),
    ...timestamps,
  },
  (t) => [
    primaryKey({
      name: 'pipeline_stage_totals_pkey',
      columns: [t.subAccountId, t.pipelineId, t.stageId, t.status, t.currency],
    }),
    foreignKey({
      name: 'pipeline_stage_totals_stage_fk',
      columns: [t.subAccountId, t.pipelineId, t.stageId],
      foreignColumns: [pipelineStages.subAccountId, pipelineStages.pipelineId, pipelineStages.id],
    }).onDelete('cascade'),
  ],
);
