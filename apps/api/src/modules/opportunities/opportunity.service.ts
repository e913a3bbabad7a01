import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { invalid, notFound, preconditionFailed } from '../../platform/errors/app-error.ts';
import { recordEventFor } from './opportunity.events.ts';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { newId } from '../../platform/ids/ids.ts';
import { requireOnTeam } from '../access/index.ts';
import { contactExists } from '../contacts/index.ts';
import { validateCustomFieldValues } from '../custom-fields/index.ts';
import { findStage, lostReasonExists, pipelineStages, type StageRecord } from '../pipelines/index.ts';
import * as repo from './opportunity.repository.ts';
import type {
  BoardQuery,
  BulkOpportunitiesInput,
  CreateOpportunityInput,
  HistoryEntryView,
  OpportunityFilters,
  OpportunityView,
  UpdateOpportunityInput,
} from './opportunity.schemas.ts';
import type { OpportunityStatus } from './opportunity.constants.ts';

const DEFAULT_CURRENCY = 'USD';

export const toView = (o: repo.OpportunityRecord): OpportunityView => ({
  id: o.id,
  name: o.name,
  pipelineId: o.pipelineId,
  stageId: o.stageId,
  contact: { id: o.contactId, name: o.contactName, email: o.contactEmail, phone: o.contactPhone },
  monetaryValue: o.monetaryValue,
  currency: o.currency,
  status: o.status,
  lostReasonId: o.lostReasonId,
  assignedUserId: o.assignedUserId,
  followerUserIds: o.followerUserIds,
  source: o.source,
  expectedCloseDate: o.expectedCloseDate,
  customFields: o.customFields,
  stageEnteredAt: iso(o.stageEnteredAt),
  statusChangedAt: iso(o.statusChangedAt),
  rotting: o.rotting,
  version: o.version,
  deletedAt: iso(o.deletedAt),
  createdAt: iso(o.createdAt),
  updatedAt: iso(o.updatedAt),
});

const historyView = (h: repo.HistoryRecord): HistoryEntryView => ({
  id: h.id,
  pipelineId: h.pipelineId,
  fromStageId: h.fromStageId,
  fromStageName: h.fromStageName,
  toStageId: h.toStageId,
  toStageName: h.toStageName,
  fromStatus: h.fromStatus,
  toStatus: h.toStatus,
  fromValue: h.fromValue,
  toValue: h.toValue,
  secondsInFromStage: h.secondsInFromStage,
  changedBy: h.changedByUserId ? { id: h.changedByUserId, name: h.changedByName ?? '' } : null,
  changedAt: iso(h.changedAt),
});

const cursorOf = (o: repo.OpportunityRecord) => [o.createdKey, o.id];
/** The created time in PostgreSQL's text form (`2026-11-22 10:15:00.123456+00`: exact), and the id. */
function afterCursor(cursor: string | undefined): repo.Keyset | undefined {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']);
  return after && { createdAt: after[0], id: after[1] };
}

async function found(ctx: SubAccountContext, id: string, options: { includeDeleted?: boolean } = {}) {
  const record = await repo.findOpportunity(ctx.subAccountId, id, options);
  if (!record) throw notFound('Opportunity');
  return record;
}

/** `"3"` or `W/"3"` from an If-Match header, as the version it names. */
export function versionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  return Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));
}

/** The pipeline's stages, refused by field name when the pipeline is not this sub-account's. */
async function stagesOf(ctx: SubAccountContext, pipelineId: string): Promise<StageRecord[]> {
  const stages = await pipelineStages(ctx, pipelineId);
  if (!stages) throw invalid('pipelineId', 'is not a pipeline of this sub-account');
  return stages;
}

type Resolved = repo.OpportunityChanges;

/**
 * Checks every reference of a create or update against this sub-account (pipeline, stage of that
 * pipeline, contact, lost reason, users, custom fields) and returns the columns to write. A stage
 * defaults to the pipeline's first when the pipeline is new to the opportunity.
 */
async function resolve(
  ctx: SubAccountContext,
  input: UpdateOpportunityInput,
  existing: repo.OpportunityRecord | undefined,
): Promise<Resolved> {
  const out: Resolved = {};
  const pipelineId = input.pipelineId ?? existing?.pipelineId;
  if (!pipelineId) throw invalid('pipelineId', 'is required');
  const pipelineChanged = pipelineId !== existing?.pipelineId;
  const notAStage = () =>
    invalid(
      'stageId',
      'is not a stage of the pipeline; pick one of its stages (GET the pipeline to list them)',
    );
  if (pipelineChanged) {
    const stages = await stagesOf(ctx, pipelineId);
    if (input.stageId !== undefined && !stages.some((s) => s.id === input.stageId)) throw notAStage();
    out.pipelineId = pipelineId;
    out.stageId = input.stageId ?? stages[0]!.id;
  } else if (input.stageId !== undefined) {
    // A move within the pipeline (the board's drag): one lookup of the stage is enough.
    if ((await findStage(ctx, input.stageId))?.pipelineId !== pipelineId) throw notAStage();
    out.stageId = input.stageId;
  }
  if (input.contactId !== undefined && input.contactId !== existing?.contactId) {
    if (!(await contactExists(ctx, input.contactId)))
      throw invalid('contactId', 'is not a contact of this sub-account');
    out.contactId = input.contactId;
  }
  const status: OpportunityStatus = input.status ?? existing?.status ?? 'open';
  if (input.status !== undefined) out.status = input.status;
  if (input.lostReasonId) {
    if (status !== 'lost')
      throw invalid('lostReasonId', "only a lost opportunity has a lost reason; set status to 'lost' too");
    if (!(await lostReasonExists(ctx, input.lostReasonId)))
      throw invalid('lostReasonId', 'is not a lost reason of this sub-account; see GET .../lost-reasons');
    out.lostReasonId = input.lostReasonId;
  } else if (input.lostReasonId === null || (status !== 'lost' && existing?.lostReasonId)) {
    out.lostReasonId = null;
  }
  await requireOnTeam(ctx, {
    assignedUserId: input.assignedUserId,
    followerUserIds: input.followerUserIds,
  });
  if (input.assignedUserId !== undefined) out.assignedUserId = input.assignedUserId;
  if (input.followerUserIds !== undefined) out.followerUserIds = [...new Set(input.followerUserIds)];
  if (input.name !== undefined) out.name = input.name;
  if (input.monetaryValue !== undefined) out.monetaryValue = input.monetaryValue;
  if (input.currency !== undefined) out.currency = input.currency;
  if (input.source !== undefined) out.source = input.source;
  if (input.expectedCloseDate !== undefined) out.expectedCloseDate = input.expectedCloseDate;
  if (input.customFields !== undefined || !existing) {
    out.customFields = await validateCustomFieldValues({
      subAccountId: ctx.subAccountId,
      objectType: 'opportunity',
      values: input.customFields,
      existing: existing?.customFields,
      objectId: existing?.id,
    });
  }
  return out;
}

/** The events a change makes, from the record before and after it. */
async function changeEvents(
  ctx: SubAccountContext,
  before: repo.OpportunityRecord,
  after: repo.OpportunityRecord,
) {
  const opportunityId = after.id;
  const changedFields = (Object.keys(after) as (keyof repo.OpportunityRecord)[]).filter(
    (k) =>
      !['version', 'updatedAt', 'stageEnteredAt', 'statusChangedAt', 'rotting', 'createdKey'].includes(k) &&
      JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  if (changedFields.length === 0) return;
  if (before.stageId !== after.stageId || before.pipelineId !== after.pipelineId) {
    await recordEventFor(ctx, 'opportunities.stage_changed', {
      opportunityId,
      contactId: after.contactId,
      fromPipelineId: before.pipelineId,
      fromStageId: before.stageId,
      pipelineId: after.pipelineId,
      stageId: after.stageId,
      name: after.name,
    });
  }
  if (before.status !== after.status) {
    await recordEventFor(ctx, 'opportunities.status_changed', {
      opportunityId,
      contactId: after.contactId,
      from: before.status,
      to: after.status,
      lostReasonId: after.lostReasonId,
      name: after.name,
    });
  }
  if (before.monetaryValue !== after.monetaryValue || before.currency !== after.currency) {
    await recordEventFor(ctx, 'opportunities.value_changed', {
      opportunityId,
      from: before.monetaryValue,
      to: after.monetaryValue,
      currency: after.currency,
      fromCurrency: before.currency,
      contactId: after.contactId,
      name: after.name,
    });
  }
  if (before.assignedUserId !== after.assignedUserId) {
    await recordEventFor(ctx, 'opportunities.assigned', {
      opportunityId,
      from: before.assignedUserId,
      to: after.assignedUserId,
    });
  }
  await recordEventFor(ctx, 'opportunities.updated', { opportunityId, changedFields });
}

export async function getOpportunity(ctx: SubAccountContext, id: string): Promise<OpportunityView> {
  requirePermission(ctx, 'opportunities:read');
  return toView(await found(ctx, id));
}

export async function listOpportunities(
  ctx: SubAccountContext,
  query: OpportunityFilters & { limit: number; cursor?: string | undefined },
): Promise<Page<OpportunityView>> {
  requirePermission(ctx, 'opportunities:read');
  const { limit, cursor, ...filters } = query;
  const rows = await repo.listOpportunities({
    subAccountId: ctx.subAccountId,
    filters,
    after: afterCursor(cursor),
    limit,
  });
  return toPage(rows, limit, cursorOf, toView);
}

/** The board filters open cards unless told otherwise: won and lost ones leave the columns. */
const boardFilters = (query: BoardQuery): repo.Filters => {
  const { limit: _limit, ...filters } = query;
  return { ...filters, status: filters.status ?? 'open' };
};

/** Every column of a pipeline: its count, totals per currency and first cards, filtered alike. */
export async function getBoard(ctx: SubAccountContext, pipelineId: string, query: BoardQuery) {
  requirePermission(ctx, 'opportunities:read');
  const stages = await pipelineStages(ctx, pipelineId);
  if (!stages) throw notFound('Pipeline');
  const filters = boardFilters(query);
  const subAccountId = ctx.subAccountId;
  const cards = await repo.boardColumns({ subAccountId, pipelineId, filters, limit: query.limit });
  const { status, ...narrowing } = filters;
  // Only a status narrows the board: its totals are kept by the database (no aggregate per load).
  const onlyStatus = Object.values(narrowing).every((v) => v === undefined);
  const totals = onlyStatus
    ? await repo.keptStageTotals({ subAccountId, pipelineId, status: status! })
    : await repo.stageTotals({ subAccountId, pipelineId, filters });
  return {
    pipelineId,
    columns: stages.map((stage) => {
      const stageTotals = totals.filter((t) => t.stageId === stage.id);
      const page = toPage(
        cards.filter((c) => c.stageId === stage.id),
        query.limit,
        cursorOf,
        toView,
      );
      return {
        stageId: stage.id,
        count: stageTotals.reduce((n, t) => n + t.count, 0),
        totals: stageTotals.map((t) => ({
          currency: t.currency,
          value: t.value,
          weightedValue: t.weightedValue,
        })),
        ...page,
      };
    }),
  };
}

/** One board column, paging on from a column's nextCursor. */
export async function listColumn(
  ctx: SubAccountContext,
  pipelineId: string,
  stageId: string,
  query: BoardQuery & { cursor?: string | undefined },
): Promise<Page<OpportunityView>> {
  requirePermission(ctx, 'opportunities:read');
  const stages = await pipelineStages(ctx, pipelineId);
  if (!stages?.some((s) => s.id === stageId)) throw notFound('Stage');
  const { cursor, ...rest } = query;
  const rows = await repo.listOpportunities({
    subAccountId: ctx.subAccountId,
    filters: { ...boardFilters(rest), pipelineId, stageId },
    after: afterCursor(cursor),
    limit: query.limit,
  });
  return toPage(rows, query.limit, cursorOf, toView);
}

export async function createOpportunity(
  ctx: SubAccountContext,
  input: CreateOpportunityInput,
): Promise<OpportunityView> {
  requirePermission(ctx, 'opportunities:create');
  const values = await resolve(ctx, input, undefined);
  const id = newId();
  await repo.insertOpportunity({
    subAccountId: ctx.subAccountId,
    id,
    pipelineId: values.pipelineId!,
    stageId: values.stageId!,
    contactId: values.contactId!,
    name: input.name,
    monetaryValue: input.monetaryValue ?? 0,
    currency: input.currency ?? DEFAULT_CURRENCY,
    status: input.status ?? 'open',
    lostReasonId: values.lostReasonId ?? null,
    assignedUserId: input.assignedUserId ?? null,
    followerUserIds: values.followerUserIds ?? [],
    source: input.source ?? null,
    expectedCloseDate: input.expectedCloseDate ?? null,
    customFields: values.customFields ?? {},
  });
  const created = await found(ctx, id);
  await recordEventFor(ctx, 'opportunities.created', {
    opportunityId: id,
    contactId: created.contactId,
    pipelineId: created.pipelineId,
    stageId: created.stageId,
    status: created.status,
    monetaryValue: created.monetaryValue,
    currency: created.currency,
    name: created.name,
  });
  return toView(created);
}

/**
 * Changes an opportunity. With `expectedVersion` (If-Match) a write over someone else's newer
 * change is refused; without it the later write wins. Either way the row lock orders concurrent
 * moves and the history trigger records each of them.
 */
export async function updateOpportunity(
  ctx: SubAccountContext,
  id: string,
  input: UpdateOpportunityInput,
  expectedVersion?: number,
): Promise<OpportunityView> {
  requirePermission(ctx, 'opportunities:update');
  if (!(await repo.lockOpportunity(ctx.subAccountId, id))) throw notFound('Opportunity');
  const before = await found(ctx, id);
  if (expectedVersion !== undefined && expectedVersion !== before.version) {
    throw preconditionFailed(
      `This opportunity was changed by someone else since you read it (you have version ${expectedVersion}, it is now ${before.version}); reload it and try again`,
      `"${before.version}"`,
    );
  }
  const changes = await resolve(ctx, input, before);
  await repo.updateOpportunities(ctx.subAccountId, [id], changes);
  const after = await found(ctx, id);
  await changeEvents(ctx, before, after);
  return toView(after);
}

/** GoHighLevel's upsert: match the contact's opportunity in the pipeline, update it or create one. */
export async function upsertOpportunity(
  ctx: SubAccountContext,
  input: CreateOpportunityInput,
): Promise<{ opportunity: OpportunityView; created: boolean }> {
  requirePermission(ctx, 'opportunities:create');
  await repo.lockUpsertKey(ctx.subAccountId, input.contactId, input.pipelineId);
  const existing = await repo.findByContactAndPipeline(ctx.subAccountId, input.contactId, input.pipelineId);
  if (!existing) return { opportunity: await createOpportunity(ctx, input), created: true };
  return { opportunity: await updateOpportunity(ctx, existing, input), created: false };
}

export async function deleteOpportunity(ctx: SubAccountContext, id: string): Promise<void> {
  requirePermission(ctx, 'opportunities:delete');
  const [deleted] = await repo.setDeleted(ctx.subAccountId, [id], true);
  if (!deleted) throw notFound('Opportunity');
  await recordEventFor(ctx, 'opportunities.deleted', { opportunityId: id });
}

export async function restoreOpportunity(ctx: SubAccountContext, id: string): Promise<OpportunityView> {
  requirePermission(ctx, 'opportunities:delete');
  const [restored] = await repo.setDeleted(ctx.subAccountId, [id], false);
  if (!restored) throw notFound('Deleted opportunity');
  await recordEventFor(ctx, 'opportunities.restored', { opportunityId: id });
  return toView(await found(ctx, id));
}

/**
 * Move, assign, change status or delete a selection in one transaction. Every opportunity must be
 * a live one of this sub-account (a move: of the stage's pipeline), or nothing is changed.
 */
export async function bulkUpdate(
  ctx: SubAccountContext,
  input: BulkOpportunitiesInput,
): Promise<{ updated: number }> {
  requirePermission(ctx, input.action === 'delete' ? 'opportunities:delete' : 'opportunities:update');
  const ids = [...new Set(input.opportunityIds)];
  const rows = await repo.lockOpportunities(ctx.subAccountId, ids);
  if (rows.length !== ids.length) {
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    throw invalid(
      'opportunityIds',
      `${missing.length} of them are not live opportunities of this sub-account, e.g. ${missing[0]}`,
    );
  }
  let changes: UpdateOpportunityInput;
  if (input.action === 'delete') {
    const deleted = await repo.setDeleted(ctx.subAccountId, ids, true);
    for (const opportunityId of deleted)
      await recordEventFor(ctx, 'opportunities.deleted', { opportunityId });
    return { updated: deleted.length };
  } else if (input.action === 'move') {
    if (!input.stageId) throw invalid('stageId', 'is required to move; name the stage they go to');
    changes = { stageId: input.stageId };
  } else if (input.action === 'assign') {
    if (input.assignedUserId === undefined)
      throw invalid('assignedUserId', 'is required to assign (null unassigns)');
    changes = { assignedUserId: input.assignedUserId };
  } else {
    if (!input.status) throw invalid('status', 'is required to change the status');
    changes = {
      status: input.status,
      ...(input.lostReasonId !== undefined ? { lostReasonId: input.lostReasonId } : {}),
    };
  }
  // Each opportunity goes through the single-update path: the same checks, history and events.
  for (const row of rows) await updateOpportunity(ctx, row.id, { ...changes, pipelineId: row.pipelineId });
  return { updated: rows.length };
}

export async function opportunityHistory(
  ctx: SubAccountContext,
  id: string,
): Promise<{ items: HistoryEntryView[] }> {
  requirePermission(ctx, 'opportunities:read');
  await found(ctx, id, { includeDeleted: true });
  return { items: (await repo.historyOf(ctx.subAccountId, id)).map(historyView) };
}

/** For notes and tasks on an opportunity: the contact it belongs to, or not found. */
export async function opportunityContactId(ctx: SubAccountContext, id: string): Promise<string> {
  requirePermission(ctx, 'opportunities:read');
  return (await found(ctx, id)).contactId;
}

/**
 * For contact merges (use-cases/merge-contacts.ts), in the caller's transaction: the duplicate's
 * opportunities (deleted ones too) go to the survivor.
 */
export async function moveToContact(
  ctx: SubAccountContext,
  fromContactId: string,
  toContactId: string,
): Promise<number> {
  const count = await repo.moveToContact(ctx.subAccountId, fromContactId, toContactId);
  if (count > 0) {
    await recordEventFor(ctx, 'opportunities.moved', { contactId: toContactId, fromContactId, count });
  }
  return count;
}

/** For the contact's timeline: its opportunities' creations, moves, status and value changes. */
export async function contactOpportunityHistory(ctx: SubAccountContext, contactId: string, limit: number) {
  if (!ctx.permissions.has('opportunities:read')) return [];
  return repo.historyOfContact(ctx.subAccountId, contactId, limit);
}
