import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { recordEventFor } from './note.events.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { newId } from '../../platform/ids/ids.ts';
import { type ParentRef, resolveParent } from '../opportunities/index.ts';
import * as repo from './note.repository.ts';
import type { CreateNoteInput, NoteView, UpdateNoteInput } from './note.schemas.ts';

const toView = (note: repo.NoteRecord): NoteView => ({
  id: note.id,
  contactId: note.contactId,
  opportunityId: note.opportunityId,
  body: note.body,
  pinned: note.pinned,
  authorUserId: note.authorUserId,
  authorName: note.authorName,
  createdAt: iso(note.createdAt),
  updatedAt: iso(note.updatedAt),
});

/** A contact's notes, or an opportunity's (which are also its contact's). */
export async function listNotes(
  ctx: SubAccountContext,
  parentRef: ParentRef,
  page: { limit: number; cursor?: string | undefined },
) {
  requirePermission(ctx, 'contacts:read');
  await resolveParent(ctx, parentRef);
  const after = decodeCursor(page.cursor, ['flag', 'uuid']);
  const rows = await repo.listNotes({
    subAccountId: ctx.subAccountId,
    parent: parentRef,
    after: after ? { pinned: after[0], id: after[1] } : undefined,
    limit: page.limit,
  });
  return toPage(rows, page.limit, (r) => [r.pinned ? 1 : 0, r.id], toView);
}

export async function getNote(ctx: SubAccountContext, contactId: string, noteId: string): Promise<NoteView> {
  requirePermission(ctx, 'contacts:read');
  const note = await repo.findNote(ctx.subAccountId, contactId, noteId);
  if (!note) throw notFound('Note');
  return toView(note);
}

export async function createNote(
  ctx: SubAccountContext,
  parentRef: ParentRef,
  input: CreateNoteInput,
): Promise<NoteView> {
  requirePermission(ctx, 'contacts:create');
  const { contactId, opportunityId } = await resolveParent(ctx, parentRef);
  const id = await repo.insertNote({
    subAccountId: ctx.subAccountId,
    id: newId(),
    contactId,
    opportunityId,
    body: input.body,
    pinned: input.pinned ?? false,
    authorUserId: ctx.userId ?? null,
  });
  const excerpt = input.body.length > 140 ? `${input.body.slice(0, 139)}…` : input.body;
  await recordEventFor(ctx, 'notes.created', { noteId: id, contactId, opportunityId, excerpt });
  return toView((await repo.findNote(ctx.subAccountId, contactId, id))!);
}

export async function updateNote(
  ctx: SubAccountContext,
  contactId: string,
  noteId: string,
  input: UpdateNoteInput,
): Promise<NoteView> {
  requirePermission(ctx, 'contacts:update');
  if (!(await repo.updateNote(ctx.subAccountId, contactId, noteId, input))) throw notFound('Note');
  return toView((await repo.findNote(ctx.subAccountId, contactId, noteId))!);
}

export async function deleteNote(ctx: SubAccountContext, contactId: string, noteId: string): Promise<void> {
  requirePermission(ctx, 'contacts:delete');
  if (!(await repo.softDeleteNote(ctx.subAccountId, contactId, noteId))) throw notFound('Note');
}

/**
 * For contact merges (use-cases/merge-contacts.ts), in the caller's transaction: every note of one
 * contact (deleted ones too) moves to the other. The caller has checked both contacts and its own
 * permission.
 */
export async function moveToContact(
  ctx: SubAccountContext,
  fromContactId: string,
  toContactId: string,
): Promise<number> {
  const count = await repo.moveNotes(ctx.subAccountId, fromContactId, toContactId);
  if (count > 0) await recordEventFor(ctx, 'notes.moved', { contactId: toContactId, fromContactId, count });
  return count;
}
