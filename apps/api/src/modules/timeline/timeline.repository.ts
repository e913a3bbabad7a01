import { and, desc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { contactCardsView } from '../contacts/index.ts';
import { timelineActivities } from './timeline.tables.ts';

export type NewActivity = typeof timelineActivities.$inferInsert;
export type ActivityRow = {
  id: string;
  kind: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  /** occurred_at as PostgreSQL writes it, microseconds included: the page key (a Date keeps ms). */
  occurredAtKey: string;
  actorUserId: string | null;
};

/**
 * Writes activities; one whose (source_id, source_index) is already there is skipped (a
 * redelivery), and so is one about a contact purged since the event (its FK would fail the
 * delivery on every retry). One statement, one parameter, whatever the number of rows.
 */
export async function insertActivities(rows: NewActivity[]): Promise<number> {
  if (rows.length === 0) return 0;
  const records = rows.map((r) => ({
    sub_account_id: r.subAccountId,
    id: r.id,
    contact_id: r.contactId,
    kind: r.kind,
    data: r.data ?? {},
    permission: r.permission,
    actor_user_id: r.actorUserId ?? null,
    occurred_at: r.occurredAt.toISOString(),
    source_id: r.sourceId,
    source_index: r.sourceIndex ?? 0,
  }));
  const result = await tx().execute(
    sql`insert into timeline_activities (sub_account_id, id, contact_id, kind, data, permission, actor_user_id,
                                      occurred_at, source_id, source_index)
     select r.* from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(sub_account_id uuid, id uuid, contact_id uuid, kind text,
            data jsonb, permission text, actor_user_id uuid, occurred_at timestamptz, source_id uuid, source_index int)
      where exists (select 1 from ${contactCardsView}
                     where contact_cards.sub_account_id = r.sub_account_id and contact_cards.id = r.contact_id)
     on conflict (sub_account_id, source_id, source_index) do nothing
     returning id`,
  );
  return (result as unknown as { rows: unknown[] }).rows.length;
}

/**
 * Moves a contact's activities to another contact (a merge), except those the merge event itself
 * wrote: a redelivery of it must not carry the duplicate's "deleted" line to the survivor.
 */
export async function moveActivities(input: {
  subAccountId: string;
  fromContactId: string;
  toContactId: string;
  exceptSourceId: string;
}): Promise<number> {
  const moved = await tx()
    .update(timelineActivities)
    .set({ contactId: input.toContactId })
    .where(
      and(
        eq(timelineActivities.subAccountId, input.subAccountId),
        eq(timelineActivities.contactId, input.fromContactId),
        ne(timelineActivities.sourceId, input.exceptSourceId),
      ),
    )
    .returning({ id: timelineActivities.id });
  return moved.length;
}

/**
 * A contact's activities that these permissions may see, newest first, keyed by (occurred_at, id).
 */
export async function listForContact(input: {
  subAccountId: string;
  contactId: string;
  permissions: string[];
  before?: { occurredAt: string; id: string } | undefined;
  limit: number;
}): Promise<ActivityRow[]> {
  const t = timelineActivities;
  const before = input.before;
  return tx()
    .select({
      id: t.id,
      kind: t.kind,
      data: t.data,
      occurredAt: t.occurredAt,
      occurredAtKey: sql<string>`${t.occurredAt}::text`,
      actorUserId: t.actorUserId,
    })
    .from(t)
    .where(
      and(
        eq(t.subAccountId, input.subAccountId),
        eq(t.contactId, input.contactId),
        inArray(t.permission, input.permissions),
        before
          ? or(
              lt(t.occurredAt, sql`${before.occurredAt}::timestamptz`),
              and(eq(t.occurredAt, sql`${before.occurredAt}::timestamptz`), lt(t.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(t.occurredAt), desc(t.id))
    .limit(input.limit + 1);
}
