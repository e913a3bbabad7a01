import { type RequestContext, requirePermission } from '../../platform/access/access.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/outbox.ts';
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
  contextForJob,
  matchingIdsAfter,
  pageOfContacts,
  parseContactFilter,
} from '../contacts/index.ts';
import * as repo from './smart-list.repository.ts';
import type { CreateSmartListInput, SmartListView, UpdateSmartListInput } from './smart-list.schemas.ts';

export const REBUILD_JOB = 'smart_lists.rebuild';
export type RebuildJob = { agencyId: string; subAccountId: string; smartListId: string };

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
async function checkedFilter(ctx: RequestContext, filter: ContactFilter): Promise<Record<string, unknown>> {
  await compileFilterFor(ctx, filter, { checkReferences: true });
  return filter as Record<string, unknown>;
}

function rebuild(ctx: RequestContext, smartListId: string) {
  return sendJob<RebuildJob>(REBUILD_JOB, {
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId!,
    smartListId,
  });
}

export async function listSmartLists(
  ctx: RequestContext,
  page: { limit: number; cursor?: string | undefined },
) {
  requirePermission(ctx, 'contacts:read');
  const after = decodeCursor(page.cursor, 2);
  const rows = await repo.listSmartLists({
    subAccountId: ctx.subAccountId!,
    userId: ctx.userId,
    after: after ? { name: String(after[0]), id: String(after[1]) } : undefined,
    limit: page.limit,
  });
  return toPage(rows, page.limit, (r) => [r.name, r.id], toView);
}

export async function createSmartList(
  ctx: RequestContext,
  input: CreateSmartListInput,
): Promise<SmartListView> {
  requirePermission(ctx, 'contacts:create');
  // A private list needs an owner to be private to; API keys create shared lists.
  const visibility = ctx.userId ? input.visibility : 'shared';
  const list = await repo.insertSmartList({
    subAccountId: ctx.subAccountId!,
    id: newId(),
    name: input.name,
    filter: await checkedFilter(ctx, input.filter),
    visibility,
    ownerUserId: ctx.userId ?? null,
  });
  await rebuild(ctx, list.id);
  return toView(list);
}

async function findVisible(ctx: RequestContext, id: string): Promise<repo.SmartListRecord> {
  const list = await repo.findSmartList(ctx.subAccountId!, id, ctx.userId);
  if (!list) throw notFound('Smart list');
  return list;
}

export async function getSmartList(ctx: RequestContext, id: string): Promise<SmartListView> {
  requirePermission(ctx, 'contacts:read');
  return toView(await findVisible(ctx, id));
}

export async function updateSmartList(
  ctx: RequestContext,
  id: string,
  input: UpdateSmartListInput,
): Promise<SmartListView> {
  requirePermission(ctx, 'contacts:update');
  await findVisible(ctx, id);
  const list = await repo.updateSmartList(ctx.subAccountId!, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.visibility !== undefined && ctx.userId ? { visibility: input.visibility } : {}),
    ...(input.filter !== undefined ? { filter: await checkedFilter(ctx, input.filter) } : {}),
  });
  if (!list) throw notFound('Smart list');
  if (input.filter !== undefined) await rebuild(ctx, id);
  return toView(list);
}

export async function deleteSmartList(ctx: RequestContext, id: string): Promise<void> {
  requirePermission(ctx, 'contacts:delete');
  await findVisible(ctx, id);
  if (!(await repo.softDeleteSmartList(ctx.subAccountId!, id))) throw notFound('Smart list');
}

/** The list's contacts, from its filter as it reads now (membership may lag by a job). */
export async function smartListContacts(
  ctx: RequestContext,
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

export type RebuildStep = { phase: 'add' | 'sweep'; after: string | undefined };

/**
 * One step of recomputing a list's membership, in the caller's transaction: adds up to 1,000
 * matching contacts (id order), then, once none are left, sweeps members 1,000 at a time and
 * removes those that no longer match. Returns the next step, or null when done. Each step is its
 * own short transaction (the job's loop), so a big list never holds one open for long, which on
 * the embedded database would stall every request.
 * No entered/exited events: a new or re-filtered list is not a contact changing.
 */
export async function rebuildStep(job: RebuildJob, step: RebuildStep): Promise<RebuildStep | null> {
  const ctx = contextForJob({ ...job, permissions: [] });
  const list = (await repo.liveSmartLists(job.subAccountId)).find((l) => l.id === job.smartListId);
  if (!list) return null;
  const filter = parseContactFilter(list.filter);
  if (step.phase === 'add') {
    const ids = await matchingIdsAfter(ctx, filter, step.after, BATCH);
    await repo.addMembers(job.subAccountId, list.id, ids);
    return ids.length < BATCH ? { phase: 'sweep', after: undefined } : { phase: 'add', after: ids.at(-1) };
  }
  const members = await repo.memberPage(job.subAccountId, list.id, step.after, BATCH);
  const still = await contactsMatching(ctx, filter, members);
  await repo.removeMembers(
    job.subAccountId,
    list.id,
    members.filter((id) => !still.has(id)),
  );
  return members.length < BATCH ? null : { phase: 'sweep', after: members.at(-1) };
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
  const lists = await repo.liveSmartLists(subAccountId);
  if (lists.length === 0 || contactIds.length === 0) return { entered: 0, exited: 0 };
  const ctx = contextForJob({ agencyId, subAccountId, permissions: [] });
  const fields = await contactFields(ctx);
  const current = await repo.membershipsOf(subAccountId, contactIds);
  let entered = 0;
  let exited = 0;
  for (const list of lists) {
    // A list whose filter no longer compiles (a field was deleted) keeps its members as they are.
    let matching: Set<string>;
    try {
      matching = await contactsMatching(ctx, parseContactFilter(list.filter), contactIds, fields);
    } catch (error) {
      if (error instanceof AppError) continue;
      throw error;
    }
    const members = new Set(current.filter((m) => m.smartListId === list.id).map((m) => m.contactId));
    const enter = contactIds.filter((id) => matching.has(id) && !members.has(id));
    const exit = contactIds.filter((id) => !matching.has(id) && members.has(id));
    for (const contactId of await repo.addMembers(subAccountId, list.id, enter)) {
      entered += 1;
      await recordEvent({
        type: 'smart_lists.entered',
        agencyId,
        subAccountId,
        actorUserId: undefined,
        payload: { smartListId: list.id, contactId },
      });
    }
    for (const contactId of await repo.removeMembers(subAccountId, list.id, exit)) {
      exited += 1;
      await recordEvent({
        type: 'smart_lists.exited',
        agencyId,
        subAccountId,
        actorUserId: undefined,
        payload: { smartListId: list.id, contactId },
      });
    }
  }
  return { entered, exited };
}
