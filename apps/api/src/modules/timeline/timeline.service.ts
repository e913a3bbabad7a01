import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import type { Permission } from '../../platform/access/permissions.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { newId } from '../../platform/ids/ids.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/http/pagination.ts';
import { formatMoney } from '../../platform/money/money.ts';
import { contactExistsInTrashOrLive } from '../contacts/index.ts';
import { userNames } from '../identity/index.ts';
import * as repo from './timeline.repository.ts';
import type { TimelineItem } from './timeline.schemas.ts';
import type { ActivityKind } from './timeline.tables.ts';

/** What a subscriber writes: one fact about one contact, and what a reader needs to see it. */
export type ActivityInput = {
  contactId: string;
  kind: ActivityKind;
  data: Record<string, unknown>;
  permission: Permission;
};

/** The event (or audit entry) an activity comes from: its id makes a redelivery write nothing. */
export type ActivitySource = {
  id: string;
  subAccountId: string;
  actorUserId: string | null;
  occurredAt: Date;
};

/**
 * Writes the activities one event makes, in the caller's transaction (the dispatcher's, for a
 * subscriber). Numbered in order, so the same event delivered again finds them all there.
 */
export async function recordActivities(source: ActivitySource, activities: ActivityInput[]): Promise<number> {
  return repo.insertActivities(
    activities.map((a, index) => ({
      subAccountId: source.subAccountId,
      id: newId(),
      contactId: a.contactId,
      kind: a.kind,
      data: a.data,
      permission: a.permission,
      actorUserId: source.actorUserId,
      occurredAt: source.occurredAt,
      sourceId: source.id,
      sourceIndex: index,
    })),
  );
}

/**
 * A merge carries the duplicate's history to the contact it was merged into, so the survivor's
 * timeline tells the whole story (notes, tasks and deals moved with it); the duplicate keeps only
 * the line saying where it went. In the merge event's delivery, before its own activities.
 */
export async function moveHistory(
  source: Pick<ActivitySource, 'id' | 'subAccountId'>,
  fromContactId: string,
  toContactId: string,
): Promise<number> {
  return repo.moveActivities({
    subAccountId: source.subAccountId,
    fromContactId,
    toContactId,
    exceptSourceId: source.id,
  });
}

const clip = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const text = (value: unknown, fallback: string) =>
  typeof value === 'string' && value !== '' ? clip(value) : fallback;

/**
 * A stored amount in its currency, in English like the rest of the line. History carried over
 * from the audit log may hold anything, so a value that is not whole minor units reads as it is.
 */
function moneyText(amount: unknown, currency: unknown): string {
  const code = String(currency);
  const minor =
    (typeof amount === 'number' && Number.isSafeInteger(amount)) ||
    (typeof amount === 'string' && /^-?\d{1,30}$/.test(amount));
  return minor ? formatMoney(amount, code, { locale: 'en' }) : `${String(amount)} ${code}`;
}

type Money = { amount?: unknown; currency?: unknown };

/** The line a reader sees, rendered from the stored fact (so carried-over history reads the same). */
export function summaryOf(kind: ActivityKind, data: Record<string, unknown>): string {
  const opportunity = text(data.name, 'an opportunity');
  const stage = text(data.stageName, 'a removed stage');
  switch (kind) {
    case 'created':
      return 'Contact created';
    case 'updated': {
      const changes = Array.isArray(data.changes) ? (data.changes as { field?: unknown }[]) : [];
      if (changes.length === 0) return data.importId ? 'Updated by a CSV import' : 'Contact updated';
      return `Changed ${changes.map((c) => String(c.field)).join(', ')}`;
    }
    case 'deleted':
      return 'Contact deleted';
    case 'restored':
      return 'Contact restored';
    case 'merged':
      return 'Merged a duplicate contact into this one';
    case 'tag_added':
      return `Tagged ${text(data.tagName, 'a deleted tag')}`;
    case 'tag_removed':
      return `Untagged ${text(data.tagName, 'a deleted tag')}`;
    case 'note_created':
      return typeof data.excerpt === 'string' ? `Note: ${clip(data.excerpt)}` : 'Note added';
    case 'task_created':
      return `Task: ${text(data.title, 'a task')}`;
    case 'task_completed':
      return `Completed: ${text(data.title, 'a task')}`;
    case 'opportunity_created':
      return `Opportunity: ${opportunity} (${stage})`;
    case 'opportunity_stage_changed':
      return `${opportunity} moved to ${stage}`;
    case 'opportunity_status_changed':
      return `${opportunity} marked ${String(data.status)}`;
    case 'opportunity_value_changed': {
      const from = (data.from ?? {}) as Money;
      const to = (data.to ?? {}) as Money;
      return `${opportunity} value ${moneyText(from.amount, from.currency)} → ${moneyText(to.amount, to.currency)}`;
    }
    case 'smart_list_entered':
      return `Entered smart list ${text(data.smartListName, 'a deleted smart list')}`;
    case 'smart_list_exited':
      return `Left smart list ${text(data.smartListName, 'a deleted smart list')}`;
  }
}

/**
 * A contact's history, newest first: what the other modules' events wrote about it (see README),
 * limited to the activities the reader's permissions cover, so an activity about an opportunity
 * is not shown to a reader who cannot read opportunities.
 */
export async function contactTimeline(
  ctx: SubAccountContext,
  contactId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<TimelineItem>> {
  requirePermission(ctx, 'contacts:read');
  if (!(await contactExistsInTrashOrLive(ctx, contactId))) throw notFound('Contact');
  const before = decodeCursor(page.cursor, ['timestamp', 'uuid']);
  const rows = await repo.listForContact({
    subAccountId: ctx.subAccountId,
    contactId,
    permissions: [...ctx.permissions].filter((p) => p.endsWith(':read')),
    before: before ? { occurredAt: before[0], id: before[1] } : undefined,
    limit: page.limit,
  });
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const names = await userNames(shown.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])));
  const items = shown.map((row) => {
    const kind = row.kind as ActivityKind;
    return {
      id: row.id,
      kind,
      at: row.occurredAt.toISOString(),
      actorName: row.actorUserId ? (names.get(row.actorUserId) ?? null) : null,
      summary: summaryOf(kind, row.data),
      details: row.data,
    };
  });
  const last = shown.at(-1);
  return { items, nextCursor: more && last ? encodeCursor([last.occurredAtKey, last.id]) : null };
}
