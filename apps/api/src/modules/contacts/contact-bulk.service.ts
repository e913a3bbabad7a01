import { asSystem, type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { AppError, invalid, notFound } from '../../platform/errors/app-error.ts';
import { iso } from '../../platform/http/time.ts';
import { newId } from '../../platform/ids/ids.ts';
import { sendJob } from '../../platform/jobs/job-queue.ts';
import { requireOnTeam } from '../access/index.ts';
import { parseContactFilter } from './contact-filter.ts';
import * as repo from './contact-bulk.repository.ts';
import type { BulkActionView, CreateBulkActionInput } from './contact-bulk.schemas.ts';
import { assertFilterReferences, countMatching, matchingIdsAfter } from './contact-search.service.ts';
import { deleteContacts, updateContact } from './contact.service.ts';
import { addTagsToContacts, removeTagsFromContacts } from './tag.service.ts';

export const BULK_JOB = 'contacts.bulk';
export type BulkJob = { agencyId: string; subAccountId: string; bulkActionId: string };

/** Contacts per batch: each batch is one transaction and one progress step. */
export const BULK_BATCH = 500;

const toView = (b: repo.BulkActionRecord): BulkActionView => ({
  id: b.id,
  action: b.action as BulkActionView['action'],
  selection: b.selection,
  params: b.params,
  status: b.status as BulkActionView['status'],
  totalCount: b.totalCount,
  processedCount: b.processedCount,
  errorCount: b.errorCount,
  lastError: b.lastError,
  createdByUserId: b.createdByUserId,
  startedAt: iso(b.startedAt),
  finishedAt: iso(b.finishedAt),
  createdAt: iso(b.createdAt),
  updatedAt: iso(b.updatedAt),
});

export async function createBulkAction(
  ctx: SubAccountContext,
  input: CreateBulkActionInput,
): Promise<BulkActionView> {
  requirePermission(ctx, input.action === 'delete' ? 'contacts:delete' : 'contacts:update');
  // Refuse what would fail in the job now, while someone is looking. (Emptiness is checked here,
  // not in the schema, so that a request into another tenant answers 404 before anything else.)
  if ('contactIds' in input.selection && input.selection.contactIds.length === 0)
    throw invalid('selection.contactIds', 'select at least one contact');
  if ((input.action === 'tag' || input.action === 'untag') && input.params.tagIds.length === 0)
    throw invalid('params.tagIds', 'give at least one tag id');
  if ('filter' in input.selection) await assertFilterReferences(ctx, input.selection.filter);
  if (input.action === 'tag' || input.action === 'untag')
    await assertFilterReferences(ctx, { tags: { any: input.params.tagIds } }).catch(() => {
      throw invalid('params.tagIds', 'every tag must be a tag of this sub-account');
    });
  if (input.action === 'assign') await requireOnTeam(ctx, { 'params.userId': input.params.userId });
  const selection: { contactIds?: string[]; filter?: unknown } =
    'contactIds' in input.selection
      ? { contactIds: [...new Set(input.selection.contactIds)].sort() }
      : { filter: input.selection.filter };
  const row = await repo.insertBulkAction({
    subAccountId: ctx.subAccountId,
    id: newId(),
    action: input.action,
    selection,
    params: input.params,
    status: 'pending',
    totalCount: selection.contactIds ? selection.contactIds.length : null,
    createdByUserId: ctx.userId ?? null,
  });
  await sendJob<BulkJob>(BULK_JOB, {
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    bulkActionId: row.id,
  });
  return toView(row);
}

export async function getBulkAction(ctx: SubAccountContext, id: string): Promise<BulkActionView> {
  requirePermission(ctx, 'contacts:read');
  const row = await repo.findBulkAction(ctx.subAccountId, id);
  if (!row) throw notFound('Bulk action');
  return toView(row);
}

/** Applies the action to one batch; per-contact refusals (a contact deleted meanwhile) are counted. */
async function apply(
  ctx: SubAccountContext,
  row: repo.BulkActionRecord,
  ids: string[],
): Promise<{ errors: number; lastError: string | null }> {
  const params = row.params as { tagIds?: string[]; userId?: string | null; status?: string };
  switch (row.action) {
    case 'tag':
      await addTagsToContacts(ctx, ids, params.tagIds ?? []);
      return { errors: 0, lastError: null };
    case 'untag':
      await removeTagsFromContacts(ctx, ids, params.tagIds ?? []);
      return { errors: 0, lastError: null };
    case 'delete':
      await deleteContacts(ctx, ids);
      return { errors: 0, lastError: null };
    default: {
      const change =
        row.action === 'assign'
          ? { assignedUserId: params.userId ?? null }
          : { status: params.status as 'new' | 'contacted' | 'qualified' | 'converted' | 'lost' };
      let errors = 0;
      let lastError: string | null = null;
      for (const id of ids) {
        try {
          await updateContact(ctx, id, change);
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
          errors += 1;
          lastError = `${id}: ${error.message}`;
        }
      }
      return { errors, lastError };
    }
  }
}

/**
 * One batch in one transaction: the row is locked, the next ids are taken from where the last
 * committed batch stopped (`processed_count` into the sorted id list, or `selection.afterId` along
 * a filter in id order), the action applied, the progress written. A crash loses at most the
 * batch in flight, which rolls back whole, so a retry resumes exactly there. Returns true when done.
 */
export async function runBulkBatch(
  ctx: SubAccountContext,
  job: BulkJob,
  batchSize = BULK_BATCH,
): Promise<boolean> {
  const row = await repo.lockBulkAction(job.subAccountId, job.bulkActionId);
  if (!row || row.status === 'completed' || row.status === 'failed') return true;
  const selection = row.selection as { contactIds?: string[]; filter?: unknown; afterId?: string };
  const filter = selection.filter === undefined ? undefined : parseContactFilter(selection.filter);
  if (row.status === 'pending') {
    await repo.updateBulkAction(job.subAccountId, row.id, {
      status: 'running',
      startedAt: new Date(),
      totalCount: filter ? await countMatching(ctx, filter) : (selection.contactIds?.length ?? 0),
    });
  }
  const ids = filter
    ? await matchingIdsAfter(ctx, filter, selection.afterId, batchSize)
    : (selection.contactIds ?? []).slice(row.processedCount, row.processedCount + batchSize);
  if (ids.length === 0) {
    await repo.updateBulkAction(job.subAccountId, row.id, { status: 'completed', finishedAt: new Date() });
    return true;
  }
  const outcome = await apply(ctx, row, ids);
  await repo.updateBulkAction(job.subAccountId, row.id, {
    processedCount: row.processedCount + ids.length,
    errorCount: row.errorCount + outcome.errors,
    ...(outcome.lastError ? { lastError: outcome.lastError } : {}),
    ...(filter ? { selection: { ...selection, afterId: ids.at(-1) } } : {}),
  });
  return false;
}

/** The bulk action as the system's work, with the permissions checked when it was asked for. */
export function bulkWork(job: BulkJob, onBehalfOfUserId: string | null) {
  return {
    work: BULK_JOB,
    agencyId: job.agencyId,
    subAccountId: job.subAccountId,
    onBehalfOfUserId,
    permissions: ['contacts:read', 'contacts:update', 'contacts:delete'] as const,
  };
}

/** The job: batches until done; a refusal of the whole action (say, its tag was deleted) fails it. */
export async function runBulkAction(job: BulkJob, batchSize = BULK_BATCH): Promise<void> {
  const first = await asSystem(bulkWork(job, null), () =>
    repo.findBulkAction(job.subAccountId, job.bulkActionId),
  );
  // The person who asked is the user the audit trail records for every write.
  const work = bulkWork(job, first?.createdByUserId ?? null);
  for (;;) {
    try {
      if (await asSystem(work, (ctx) => runBulkBatch(ctx, job, batchSize))) return;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await asSystem(work, () =>
        repo.updateBulkAction(job.subAccountId, job.bulkActionId, {
          status: 'failed',
          lastError: error.message,
          finishedAt: new Date(),
        }),
      );
      return;
    }
  }
}
