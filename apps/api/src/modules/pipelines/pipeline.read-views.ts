import { QueryBuilder } from 'drizzle-orm/pg-core';
import { pipelineStageTotals, pipelineStages } from './pipeline.tables.ts';

/*
 * Read views: the columns of pipelines' tables that other modules' repositories may join, as named
 * subqueries built without a connection (docs/decisions/0010-read-views.md). Read-only by
 * construction; PostgreSQL flattens a subquery over one table, so a join through one plans like a
 * join with the table.
 */

/**
 * A stage as the opportunities on it need it: its pipeline and position (the board's columns),
 * name (a move in the history), win probability (weighted totals) and rotting age (`rotting`).
 */
export const stagesView = new QueryBuilder()
  .select({
    subAccountId: pipelineStages.subAccountId,
    id: pipelineStages.id,
    pipelineId: pipelineStages.pipelineId,
    position: pipelineStages.position,
    name: pipelineStages.name,
    winProbability: pipelineStages.winProbability,
    rottingDays: pipelineStages.rottingDays,
  })
  .from(pipelineStages)
  .as('stages');

/**
 * The count and value of live opportunities per stage, status and currency that the database keeps
 * (the trigger app.opportunity_totals): the unfiltered board's column totals.
 */
export const stageTotalsView = new QueryBuilder()
  .select({
    subAccountId: pipelineStageTotals.subAccountId,
    pipelineId: pipelineStageTotals.pipelineId,
    stageId: pipelineStageTotals.stageId,
    status: pipelineStageTotals.status,
    currency: pipelineStageTotals.currency,
    count: pipelineStageTotals.count,
    value: pipelineStageTotals.value,
  })
  .from(pipelineStageTotals)
  .as('stage_totals');
