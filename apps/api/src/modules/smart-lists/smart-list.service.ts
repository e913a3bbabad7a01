import { type SubAccountContext, requirePermission, systemContext } from '../../platform/access/access.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from './smart-list.events.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { newId } from '../../platform/ids/ids.ts';
import { sendJob } from '../../platform/jobs/job-queue.ts';
import {
  compileFilterFor,
  contactFields,
  type ContactFilter,
  type ContactSearchPage,
  contactsMatching,
  matchingIdsAfter,
  pageOfContacts,
  parseContactFilter,
} from '../contacts/index.ts';
import * as repo from './smart-list.repository.ts';
import type { CreateSmartListInput, SmartListView, UpdateSmartListInput } from './smart-list.schemas.ts';

export const REBUILD_JOB = 'smart_lists.rebuild';
export type RebuildJob = { agencyId: string; subAccountId: string; smartListId: string };

/** A rebuild as the system's work: it reads contacts to decide who belongs. */
export function rebuildWork(job: RebuildJob) {
  return {
    work: REBUILD_JOB,
    agencyId: job.agencyId,
    subAccountId: job.subAccountId,
    permissions: ['contacts:read'] as const,
  };
}
/** The rebuild cursor before its first batch: every contact id sorts after it. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const toView = (l: repo.SmartListRecord): SmartListView => ({
  id: l.id,
  name: l.name,
  filter: l.filter,
  visibility: l.visibility as SmartListView['visibility'],
  ownerUserId: l.ownerUserId,
  createdAt: iso(l.createdAt),
  updatedAt: iso(l.updatedAt),
});

/** A filter a person saves is checked whole: references, custom fields, operand types. */
async function checkedFilter(
  ctx: SubAccountContext,
  filter: ContactFilter,
): Promise<Record<string, unknown>> {
  await compileFilterFor(ctx, filter, { checkReferences: true });
  return filter as Record<string, unknown>;
}

/** Starts the list's membership over from the first contact id, under the job's loop. */
async function rebuild(ctx: SubAccountContext, smartListId: string) {
  await repo.setRebuildCursor(ctx.subAccountId, smartListId, NIL_UUID);
  return sendJob<RebuildJob>(REBUILD_JOB, {
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    smartListId,
  });
}

export async function listSmartLists(
  ctx: SubAccountContext,
  page: { limit: number; cursor?: string | undefined },
) {
  requirePermission(ctx, 'contacts:read');
  const after = decodeCursor(page.cursor, ['text', 'uuid']);
  const rows = await repo.listSmartLists({
    subAccountId: ctx.subAccountId,
    userId: ctx.userId,
    after: after ? { name: after[0], id: after[1] } : undefined,
    limit: page.limit,
  });
  return toPage(rows, page.limit, (r) => [r.name, r.id], toView);
}

export async function createSmartList(
  ctx: SubAccountContext,
  input: CreateSmartListInput,
): Promise<SmartListView> {
  requirePermission(ctx, 'contacts:create');
  // A private list needs an owner to be private to; API keys create shared lists.
  const visibility = ctx.userId ? input.visibility : 'shared';
  const list = await repo.insertSmartList({
    subAccountId: ctx.subAccountId,
    id: newId(),
    name: input.name,
    filter: await checkedFilter(ctx, input.filter),
    visibility,
    ownerUserId: ctx.userId ?? null,
  });
  await rebuild(ctx, list.id);
  return toView(list);
}

async function findVisible(ctx: SubAccountContext, id: string): Promise<repo.SmartListRecord> {
  const list = await repo.findSmartList(ctx.subAccountId, id, ctx.userId);
  if (!list) throw notFound('Smart list');
  return list;
}

export async function getSmartList(ctx: SubAccountContext, id: string): Promise<SmartListView> {
  requirePermission(ctx, 'contacts:read');
  return toView(await findVisible(ctx, id));
}

export async function updateSmartList(
  ctx: SubAccountContext,
  id: string,
  input: UpdateSmartListInput,
): Promise<SmartListView> {
  requirePermission(ctx, 'contacts:update');
  await findVisible(ctx, id);
  const list = await repo.updateSmartList(ctx.subAccountId, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.visibility !== undefined && ctx.userId ? { visibility: input.visibility } : {}),
    ...(input.filter !== undefined ? { filter: await checkedFilter(ctx, input.filter) } : {}),
  });
  if (!list) throw notFound('Smart list');
  if (input.filter !== undefined) await rebuild(ctx, id);
  return toView(list);
}

export async function deleteSmartList(ctx: SubAccountContext, id: string): Promise<void> {
  requirePermission(ctx, 'contacts:delete');
  await findVisible(ctx, id);
  if (!(await repo.softDeleteSmartList(ctx.subAccountId, id))) throw notFound('Smart list');
}

/** The list's contacts, from its filter as it reads now (membership may lag by a job). */
export async function smartListContacts(
  ctx: SubAccountContext,
  id: string,
  page: { sort: string; limit: number; cursor?: string | undefined },
): Promise<ContactSearchPage> {
  requirePermission(ctx, 'contacts:read');
  const list = await findVisible(ctx, id);
  const fields = await contactFields(ctx);
  const where = await compileFilterFor(ctx, parseContactFilter(list.filter), {
    checkReferences: false,
    fields,
  });
  return pageOfContacts(ctx, where, { ...page, fields });
}

const BATCH = 1000;

/**
 * One step of recomputing a list's membership, in the caller's transaction, under the list's
 * lock: reconciles the next contact id range of up to `batch` matching contacts and `batch`
 * members (adds the matching ones, removes members that no longer match), then moves the list's
 * cursor past that range. Returns whether there is more to do. Each step is its own short
 * transaction (the job's loop), so a big list never holds one open for long, which on the
 * embedded database would stall every request.
 * No entered/exited events: a new or re-filtered list is not a contact changing. A contact that
 * changes after the cursor passed it is the subscriber's (with events); one that changes before
 * is reconciled here as it is by then (see README, "Rebuild and subscriber").
 */
export async function rebuildStep(ctx: SubAccountContext, job: RebuildJob, batch = BATCH): Promise<boolean> {
  const { subAccountId, smartListId } = job;
  const list = await repo.lockSmartList(subAccountId, smartListId);
  const cursor = list && (await repo.rebuildCursor(subAccountId, smartListId));
  if (!list || cursor === undefined) {
    await repo.setRebuildCursor(subAccountId, smartListId, null);
    return false;
  }
  const after = cursor === NIL_UUID ? undefined : cursor;
  let matching: string[];
  try {
    matching = await matchingIdsAfter(ctx, parseContactFilter(list.filter), after, batch);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The filter no longer compiles (its custom field was deleted): members stay as they are.
    await repo.setRebuildCursor(subAccountId, smartListId, null);
    return false;
  }
  const members = await repo.memberPage(subAccountId, smartListId, after, batch);
  // The range ends where a full page stops: past that, that side is not read yet.
  const ends = [matching, members].filter((page) => page.length === batch).map((page) => page.at(-1)!);
  const through = ends.length ? ends.sort()[0]! : undefined;
  const inRange = (id: string) => through === undefined || id <= through;
  const match = new Set(matching.filter(inRange));
  const member = new Set(members.filter(inRange));
  await repo.addMembers(
    subAccountId,
    smartListId,
    [...match].filter((id) => !member.has(id)),
  );
  await repo.removeMembers(
    subAccountId,
    smartListId,
    [...member].filter((id) => !match.has(id)),
  );
  await repo.setRebuildCursor(subAccountId, smartListId, through ?? null);
  return through !== undefined;
}

/**
 * Re-evaluates these contacts against every live list of the sub-account and records
 * `smart_lists.entered` / `smart_lists.exited` for each difference. Called by the contacts.*
 * subscriber, inside its system transaction: every query names the sub-account.
 */
export async function reevaluateContacts(input: {
  agencyId: string;
  subAccountId: string;
  contactIds: string[];
}): Promise<{ entered: number; exited: number }> {
  const { agencyId, subAccountId } = input;
  const contactIds = [...new Set(input.contactIds)];
  if (contactIds.length === 0) return { entered: 0, exited: 0 };
  // Locked first: a rebuild step of one of these lists either finished before (its cursor and
  // members are read below as it left them) or starts after this transaction.
  const lists = await repo.lockLiveSmartLists(subAccountId);
  if (lists.length === 0) return { entered: 0, exited: 0 };
  const cursors = await repo.rebuildCursors(subAccountId);
  // Inside the subscriber's system transaction: the context only names the sub-account.
  const ctx = systemContext({
    work: 'smart_lists.membership',
    agencyId,
    subAccountId,
    permissions: ['contacts:read'],
  });
  const fields = await contactFields(ctx);
  const current = await repo.membershipsOf(subAccountId, contactIds);
  let entered = 0;
  let exited = 0;
  for (const list of lists) {
    // While a list rebuilds, the contacts its cursor has not reached yet are the rebuild's.
    const cursor = cursors.get(list.id);
    const ours = cursor === undefined ? contactIds : contactIds.filter((id) => id <= cursor);
    if (ours.length === 0) continue;
    // A list whose filter no longer compiles (a field was deleted) keeps its members as they are.
    let matching: Set<string>;
    try {
      matching = await contactsMatching(ctx, parseContactFilter(list.filter), ours, fields);
    } catch (error) {
      if (error instanceof AppError) continue;
      throw error;
    }
    const members = new Set(current.filter((m) => m.smartListId === list.id).map((m) => m.contactId));
    const enter = ours.filter((id) => matching.has(id) && !members.has(id));
    const exit = ours.filter((id) => !matching.has(id) && members.has(id));
    for (const contactId of await repo.addMembers(subAccountId, list.id, enter)) {
      entered += 1;
      await recordEvent({
        type: 'smart_lists.entered',
        agencyId,
        subAccountId,
        actorUserId: undefined,
        payload: { smartListId: list.id, contactId, smartListName: list.name },
      });
    }
    for (const contactId of await repo.removeMembers(subAccountId, list.id, exit)) {
      exited += 1;
      await recordEvent({
        type: 'smart_lists.exited',
        agencyId,
        subAccountId,
        actorUserId: undefined,
        payload: { smartListId: list.id, contactId, smartListName: list.name },
      });
    }
  }
  return { entered, exited };
}
