import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { contacts } from '../contacts/contact.tables.ts';
import { users } from '../identity/identity.tables.ts';
import { lostReasons, pipelineStages, pipelines } from '../pipelines/pipeline.tables.ts';
import type { OpportunityStatus } from './opportunity.constants.ts';

/**
 * A deal with one contact, sitting in one stage of one pipeline (seed 000 section 4, GoHighLevel's
 * opportunity). Money is in minor units with an ISO 4217 currency. `version` grows on every update
 * (trigger) and backs If-Match; `stage_entered_at` is kept by the same trigger and drives rotting
 * flags and time-in-stage.
 */
export const opportunities = pgTable(
  'opportunities',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    name: text('name').notNull(),
    monetaryValue: bigint('monetary_value', { mode: 'number' }).notNull().default(0),
    currency: text('currency').notNull(),
    status: text('status').$type<OpportunityStatus>().notNull().default('open'),
    lostReasonId: uuid('lost_reason_id'),
    assignedUserId: uuid('assigned_user_id').references(() => users.id),
    followerUserIds: uuid('follower_user_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    source: text('source'),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    stageEnteredAt: timestamptz('stage_entered_at').notNull().defaultNow(),
    statusChangedAt: timestamptz('status_changed_at'),
    version: integer('version').notNull().default(1),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'opportunities_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'opportunities_pipeline_fk',
      columns: [t.subAccountId, t.pipelineId],
      foreignColumns: [pipelines.subAccountId, pipelines.id],
    }),
    // The stage must belong to the opportunity's pipeline.
    foreignKey({
      name: 'opportunities_stage_fk',
      columns: [t.subAccountId, t.pipelineId, t.stageId],
      foreignColumns: [pipelineStages.subAccountId, pipelineStages.pipelineId, pipelineStages.id],
    }),
    foreignKey({
      name: 'opportunities_contact_fk',
      columns: [t.subAccountId, t.contactId],
      foreignColumns: [contacts.subAccountId, contacts.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'opportunities_lost_reason_fk',
      columns: [t.subAccountId, t.lostReasonId],
      foreignColumns: [lostReasons.subAccountId, lostReasons.id],
    }),
    // A board column: live cards of one stage, newest first, id as keyset tie-break.
    index('opportunities_board_idx')
      .on(t.subAccountId, t.pipelineId, t.stageId, t.status, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    index('opportunities_pipeline_idx').on(t.subAccountId, t.pipelineId, t.stageId),
    index('opportunities_list_idx')
      .on(t.subAccountId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    // Upsert by contact and pipeline, the contact's timeline, the contact FK.
    index('opportunities_contact_idx').on(t.subAccountId, t.contactId, t.pipelineId),
    // The trash, which metrics leave out without scanning every card.
    index('opportunities_deleted_idx')
      .on(t.subAccountId, t.id)
      .where(sql`${t.deletedAt} is not null`),
    index('opportunities_lost_reason_idx').on(t.subAccountId, t.lostReasonId),
    index('opportunities_assigned_user_idx').on(t.assignedUserId),
    index('opportunities_assigned_idx')
      .on(t.subAccountId, t.assignedUserId, t.status)
      .where(sql`${t.deletedAt} is null`),
    check('opportunities_name_check', sql`length(btrim(${t.name})) between 1 and 200`),
    // Up to Number.MAX_SAFE_INTEGER: a larger amount could not travel as an exact JSON number.
    check('opportunities_monetary_value_check', sql`${t.monetaryValue} between 0 and 9007199254740991`),
    check('opportunities_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('opportunities_status_check', sql`${t.status} in ('open', 'won', 'lost', 'abandoned')`),
    check('opportunities_lost_reason_check', sql`${t.lostReasonId} is null or ${t.status} = 'lost'`),
  ],
);

/**
 * Every stage, status and value change of an opportunity, written by a trigger on opportunities
 * so no code path can move a card without a trace. `seconds_in_from_stage` is how long the card
 * sat in the stage it left (for a stage change), which average time-in-stage reads.
 */
export const opportunityStageHistory = pgTable(
  'opportunity_stage_history',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    opportunityId: uuid('opportunity_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    fromStageId: uuid('from_stage_id'),
    toStageId: uuid('to_stage_id').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    fromValue: bigint('from_value', { mode: 'number' }),
    toValue: bigint('to_value', { mode: 'number' }).notNull(),
    secondsInFromStage: bigint('seconds_in_from_stage', { mode: 'number' }),
    changedByUserId: uuid('changed_by_user_id').references(() => users.id),
    changedAt: timestamptz('changed_at').notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'opportunity_stage_history_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'opportunity_stage_history_opportunity_fk',
      columns: [t.subAccountId, t.opportunityId],
      foreignColumns: [opportunities.subAccountId, opportunities.id],
    }).onDelete('cascade'),
    index('opportunity_stage_history_opportunity_idx').on(t.subAccountId, t.opportunityId, t.changedAt),
    // Metrics: conversions and time in stage per pipeline over a period.
    index('opportunity_stage_history_pipeline_idx').on(t.subAccountId, t.pipelineId, t.changedAt),
    index('opportunity_stage_history_changed_by_idx').on(t.changedByUserId),
  ],
);

/**
 * One row per time a card entered a stage, derived from the stage history by a trigger (the
 * runtime role only reads it): when it entered, when it left, how long it stayed, whether it went
 * on to a further stage of the pipeline and whether it was won afterwards. The pipeline metrics
 * read it so a period's conversions and times in stage are one pass over rows that already carry
 * their outcome, instead of ordering the card's whole history to find what came after each entry.
 * The id is that of the history row of the entry.
 */
export const opportunityStageVisits = pgTable(
  'opportunity_stage_visits',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    opportunityId: uuid('opportunity_id').notNull(),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    enteredAt: timestamptz('entered_at').notNull(),
    /** When the card last entered this stage before, so a period counts a card once per stage. */
    previousEntryAt: timestamptz('previous_entry_at'),
    leftAt: timestamptz('left_at'),
    /** Set when the card left for another stage of the same pipeline (an exit of this stage). */
    secondsInStage: bigint('seconds_in_stage', { mode: 'number' }),
    /** The card later entered a stage of this pipeline placed after this one (at the time). */
    advanced: boolean('advanced').notNull().default(false),
    /** The card was won in this pipeline at or after this entry. */
    won: boolean('won').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'opportunity_stage_visits_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'opportunity_stage_visits_opportunity_fk',
      columns: [t.subAccountId, t.opportunityId],
      foreignColumns: [opportunities.subAccountId, opportunities.id],
    }).onDelete('cascade'),
    index('opportunity_stage_visits_opportunity_idx').on(t.subAccountId, t.opportunityId, t.stageId),
    // Metrics: the entries of a period, and the exits of a period.
    index('opportunity_stage_visits_entered_idx').on(t.subAccountId, t.pipelineId, t.enteredAt),
    index('opportunity_stage_visits_left_idx')
      .on(t.subAccountId, t.pipelineId, t.leftAt)
      .where(sql`${t.secondsInStage} is not null`),
  ],
);
