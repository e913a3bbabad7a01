import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { UNIQUE_VIOLATION, sqlState } from '../../platform/db/errors.ts';
import { conflict, invalid, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from './contact.events.ts';
import { newId } from '../../platform/ids/ids.ts';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import * as contactRepo from './contact.repository.ts';
import type { ContactView } from './contact.schemas.ts';
import { getContact } from './contact.service.ts';
import * as repo from './tag.repository.ts';
import type { ContactTagsInput, CreateTagInput, TagView, UpdateTagInput } from './tag.schemas.ts';

const toView = (t: repo.TagRecord, contactCount: number): TagView => ({
  id: t.id,
  name: t.name,
  color: t.color,
  contactCount,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

async function named<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION) {
      throw conflict(`A tag named '${name}' already exists in this sub-account; use it or merge into it`);
    }
    throw error;
  }
}

const countOf = (ctx: SubAccountContext, tagId: string) =>
  repo.countLiveContactsWithTag(ctx.subAccountId, tagId);

/** Tag ids must all be this sub-account's; another sub-account's id is refused, never used. */
async function ownTagIds(ctx: SubAccountContext, tagIds: string[], field = 'tagIds'): Promise<string[]> {
  const unique = [...new Set(tagIds)];
  const found = new Set((await repo.findTagsByIds(ctx.subAccountId, unique)).map((t) => t.id));
  const stranger = unique.find((id) => !found.has(id));
  if (stranger) throw invalid(field, `${stranger} is not a tag of this sub-account`);
  return unique;
}

export async function listTags(
  ctx: SubAccountContext,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<TagView>> {
  requirePermission(ctx, 'contacts:read');
  const after = decodeCursor(page.cursor, ['text', 'uuid']);
  const rows = await repo.listTags({
    subAccountId: ctx.subAccountId,
    after: after ? { name: after[0], id: after[1] } : undefined,
    limit: page.limit,
  });
  return toPage(
    rows,
    page.limit,
    (r) => [r.name, r.id],
    (r) => toView(r, r.contactCount),
  );
}

export async function createTag(ctx: SubAccountContext, input: CreateTagInput): Promise<TagView> {
  requirePermission(ctx, 'contacts:create');
  const tag = await named(input.name, () =>
    repo.insertTag({
      subAccountId: ctx.subAccountId,
      id: newId(),
      name: input.name,
      color: input.color ?? null,
    }),
  );
  return toView(tag, 0);
}

export async function updateTag(ctx: SubAccountContext, id: string, input: UpdateTagInput): Promise<TagView> {
  requirePermission(ctx, 'contacts:update');
  const tag = await named(input.name, () => repo.updateTag(ctx.subAccountId, id, input));
  if (!tag) throw notFound('Tag');
  return toView(tag, await countOf(ctx, id));
}

export async function deleteTag(ctx: SubAccountContext, id: string): Promise<void> {
  requirePermission(ctx, 'contacts:delete');
  if (!(await repo.deleteTag(ctx.subAccountId, id))) throw notFound('Tag');
}

/** Every contact tagged `id` gets `intoTagId` instead; then `id` is deleted. */
export async function mergeTag(
  ctx: SubAccountContext,
  id: string,
  input: { intoTagId: string },
): Promise<TagView> {
  requirePermission(ctx, 'contacts:update');
  requirePermission(ctx, 'contacts:delete');
  if (input.intoTagId === id) throw invalid('intoTagId', 'must be another tag than the one merged');
  if (!(await repo.findTag(ctx.subAccountId, id))) throw notFound('Tag');
  const into = await repo.findTag(ctx.subAccountId, input.intoTagId);
  if (!into) throw invalid('intoTagId', 'is not a tag of this sub-account');
  await repo.retagContacts(ctx.subAccountId, id, into.id);
  await repo.deleteTag(ctx.subAccountId, id);
  return toView(into, await countOf(ctx, into.id));
}

async function tagEvents(
  ctx: SubAccountContext,
  type: 'contacts.tag_added' | 'contacts.tag_removed',
  pairs: repo.ContactTagPair[],
): Promise<void> {
  const byContact = new Map<string, string[]>();
  for (const { contactId, tagId } of pairs)
    byContact.set(contactId, [...(byContact.get(contactId) ?? []), tagId]);
  for (const [contactId, tagIds] of byContact) {
    await recordEvent({
      type,
      agencyId: ctx.agencyId,
      subAccountId: ctx.subAccountId,
      actorUserId: ctx.userId,
      payload: { contactId, tagIds },
    });
  }
}

/**
 * Adds tags to live contacts among `contactIds` (others are skipped); returns how many
 * contact-tag pairs were new. For bulk actions.
 */
export async function addTagsToContacts(
  ctx: SubAccountContext,
  contactIds: string[],
  tagIds: string[],
): Promise<{ added: number }> {
  requirePermission(ctx, 'contacts:update');
  const tags = await ownTagIds(ctx, tagIds);
  const live = await contactRepo.liveContactIds(ctx.subAccountId, [...new Set(contactIds)]);
  const pairs = await repo.addContactTags(ctx.subAccountId, live, tags);
  await tagEvents(ctx, 'contacts.tag_added', pairs);
  return { added: pairs.length };
}

export async function removeTagsFromContacts(
  ctx: SubAccountContext,
  contactIds: string[],
  tagIds: string[],
): Promise<{ removed: number }> {
  requirePermission(ctx, 'contacts:update');
  const tags = await ownTagIds(ctx, tagIds);
  const live = await contactRepo.liveContactIds(ctx.subAccountId, [...new Set(contactIds)]);
  const pairs = await repo.removeContactTags(ctx.subAccountId, live, tags);
  await tagEvents(ctx, 'contacts.tag_removed', pairs);
  return { removed: pairs.length };
}

/** The contact first, so another tenant's contact id answers 404 whatever the body. */
async function requireContact(
  ctx: SubAccountContext,
  contactId: string,
  input: ContactTagsInput,
): Promise<void> {
  if (!(await contactRepo.findContact(ctx.subAccountId, contactId))) throw notFound('Contact');
  if ((input.tagIds?.length ?? 0) + (input.names?.length ?? 0) === 0) {
    throw invalid('tagIds', 'send tagIds or names, with at least one tag');
  }
}

export async function addTagsToContact(
  ctx: SubAccountContext,
  contactId: string,
  input: ContactTagsInput,
): Promise<ContactView> {
  requirePermission(ctx, 'contacts:update');
  await requireContact(ctx, contactId, input);
  const byName = input.names?.length
    ? await (async () => {
        requirePermission(ctx, 'contacts:create');
        return repo.ensureTagsByName(ctx.subAccountId, [...new Set(input.names)], newId);
      })()
    : [];
  await addTagsToContacts(ctx, [contactId], [...(input.tagIds ?? []), ...byName.map((t) => t.id)]);
  return getContact(ctx, contactId);
}

export async function removeTagsFromContact(
  ctx: SubAccountContext,
  contactId: string,
  input: ContactTagsInput,
): Promise<ContactView> {
  requirePermission(ctx, 'contacts:update');
  await requireContact(ctx, contactId, input);
  const byName = (await repo.findTagsByNames(ctx.subAccountId, input.names ?? [])).map((t) => t.id);
  await removeTagsFromContacts(ctx, [contactId], [...(input.tagIds ?? []), ...byName]);
  return getContact(ctx, contactId);
}

/**
 * Tag names by id, for the timeline's subscribers (a system context: the caller names the
 * sub-account). Deleted tags are missing.
 */
export async function tagNamesById(subAccountId: string, tagIds: string[]): Promise<Map<string, string>> {
  const tags = await repo.findTagsByIds(subAccountId, [...new Set(tagIds)]);
  return new Map(tags.map((t) => [t.id, t.name]));
}

/** Each contact's tags, for the timeline's subscribers (a system context, like tagNamesById). */
export async function tagsOfContacts(
  subAccountId: string,
  contactIds: string[],
): Promise<Map<string, { id: string; name: string }[]>> {
  return repo.tagsOfContacts(subAccountId, contactIds);
}
