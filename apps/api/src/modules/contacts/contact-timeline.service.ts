import { type RequestContext, requirePermission } from '../../platform/access/access.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/http/pagination.ts';
import { auditEntriesForContact, type ContactAuditEntry } from '../audit/index.ts';
import { stageNames } from '../pipelines/index.ts';
import * as contactRepo from './contact.repository.ts';
import type { TimelineItem } from './contact.schemas.ts';
import * as tagRepo from './tag.repository.ts';

// Columns the database derives from others: their changes are already shown through their sources.
const DERIVED = new Set(['full_name', 'phone_digits', 'updated_at']);

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const clip = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function contactItem(entry: ContactAuditEntry): Omit<TimelineItem, 'id' | 'at' | 'actorName'> | null {
  if (entry.action === 'insert') return { kind: 'created', summary: 'Contact created', details: {} };
  if (entry.action !== 'update') return null;
  const fields = (entry.changedFields ?? []).filter((f) => !DERIVED.has(f));
  if (fields.includes('deleted_at')) {
    const deleted = entry.newData?.deleted_at != null;
    return {
      kind: deleted ? 'deleted' : 'restored',
      summary: deleted ? 'Contact deleted' : 'Contact restored',
      details: {},
    };
  }
  if (fields.length === 0) return null;
  const changes = fields.map((f) => ({
    field: camel(f),
    old: entry.oldData?.[f] ?? null,
    new: entry.newData?.[f] ?? null,
  }));
  return {
    kind: 'updated',
    summary: `Changed ${changes.map((c) => c.field).join(', ')}`,
    details: { changes },
  };
}

const money = (minor: unknown, currency: unknown) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: String(currency) }).format(Number(minor) / 100);

/** An opportunity's creation, move, status or value change; other edits stay off the timeline. */
function opportunityItem(
  entry: ContactAuditEntry,
  names: Map<string, string>,
): Omit<TimelineItem, 'id' | 'at' | 'actorName'> | null {
  const data = entry.newData ?? {};
  const name = clip(String(data.name ?? ''));
  const stage = names.get(String(data.stage_id)) ?? 'a removed stage';
  const details = { opportunityId: entry.rowId, pipelineId: data.pipeline_id, stageId: data.stage_id };
  if (entry.action === 'insert')
    return { kind: 'opportunity_created', summary: `Opportunity: ${name} (${stage})`, details };
  const changed = new Set(entry.changedFields ?? []);
  if (entry.action !== 'update' || changed.has('deleted_at')) return null;
  if (changed.has('stage_id') || changed.has('pipeline_id'))
    return { kind: 'opportunity_stage_changed', summary: `${name} moved to ${stage}`, details };
  if (changed.has('status'))
    return { kind: 'opportunity_status_changed', summary: `${name} marked ${String(data.status)}`, details };
  if (changed.has('monetary_value')) {
    const from = money(entry.oldData?.monetary_value, entry.oldData?.currency);
    const to = money(data.monetary_value, data.currency);
    return { kind: 'opportunity_value_changed', summary: `${name} value ${from} → ${to}`, details };
  }
  return null;
}

function relatedItem(
  entry: ContactAuditEntry,
  tagNames: Map<string, string>,
): Omit<TimelineItem, 'id' | 'at' | 'actorName'> | null {
  const data = entry.newData ?? entry.oldData ?? {};
  if (entry.tableName === 'contact_tags') {
    const tagId = String(data.tag_id);
    const name = tagNames.get(tagId) ?? 'a deleted tag';
    if (entry.action === 'insert')
      return { kind: 'tag_added', summary: `Tagged ${name}`, details: { tagId, tagName: name } };
    if (entry.action === 'delete')
      return { kind: 'tag_removed', summary: `Untagged ${name}`, details: { tagId, tagName: name } };
    return null;
  }
  if (entry.tableName === 'notes' && entry.action === 'insert') {
    return {
      kind: 'note_created',
      summary: `Note: ${clip(String(data.body ?? ''))}`,
      details: { noteId: entry.rowId },
    };
  }
  if (entry.tableName === 'tasks') {
    const title = String(data.title ?? '');
    if (entry.action === 'insert')
      return { kind: 'task_created', summary: `Task: ${clip(title)}`, details: { taskId: entry.rowId } };
    const completed =
      entry.action === 'update' &&
      (entry.changedFields ?? []).includes('status') &&
      entry.newData?.status === 'completed';
    if (completed)
      return {
        kind: 'task_completed',
        summary: `Completed: ${clip(title)}`,
        details: { taskId: entry.rowId },
      };
  }
  return null;
}

/**
 * A contact's history, newest first, read from the audit log: created, field changes (old -> new),
 * tags, notes, tasks and opportunities. Paged by audit entry; entries with nothing to show (a note re-pinned) are
 * skipped, so a page can hold fewer items than the limit while more follow.
 */
export async function contactTimeline(
  ctx: RequestContext,
  contactId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<TimelineItem>> {
  requirePermission(ctx, 'contacts:read');
  if (!(await contactRepo.findContact(ctx.subAccountId!, contactId, 'any'))) throw notFound('Contact');
  const before = decodeCursor(page.cursor, ['uuid']);
  const entries = await auditEntriesForContact(ctx, contactId, {
    before: before?.[0],
    limit: page.limit,
  });
  const more = entries.length > page.limit;
  const shown = more ? entries.slice(0, page.limit) : entries;
  const tagIds = shown
    .filter((e) => e.tableName === 'contact_tags')
    .map((e) => String((e.newData ?? e.oldData ?? {}).tag_id));
  const tags = await tagRepo.findTagsByIds(ctx.subAccountId!, [...new Set(tagIds)]);
  const tagNames = new Map(tags.map((t) => [t.id, t.name]));
  const opportunityEntries = shown.filter((e) => e.tableName === 'opportunities');
  const stages = await stageNames(
    ctx,
    opportunityEntries.map((e) => String(e.newData?.stage_id)),
  );
  const items: TimelineItem[] = [];
  for (const entry of shown) {
    const item =
      entry.tableName === 'contacts'
        ? contactItem(entry)
        : entry.tableName === 'opportunities'
          ? opportunityItem(entry, stages)
          : relatedItem(entry, tagNames);
    if (item)
      items.push({ id: entry.id, at: entry.createdAt.toISOString(), actorName: entry.actorName, ...item });
  }
  const last = shown[shown.length - 1];
  return { items, nextCursor: more && last ? encodeCursor([last.id]) : null };
}
