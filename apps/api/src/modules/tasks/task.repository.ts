import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { contactCardsView } from '../contacts/index.ts';
import { userNamesView } from '../identity/index.ts';
import { tasks } from './task.tables.ts';

export type TaskRecord = typeof tasks.$inferSelect & {
  assigneeName: string | null;
  contactName: string | null;
};
export type TaskValues = Partial<Omit<typeof tasks.$inferInsert, 'subAccountId' | 'id' | 'contactId'>>;

const t = tasks;
const taskColumns = {
  subAccountId: t.subAccountId,
  id: t.id,
  contactId: t.contactId,
  opportunityId: t.opportunityId,
  title: t.title,
  body: t.body,
  dueAt: t.dueAt,
  assigneeUserId: t.assigneeUserId,
  status: t.status,
  completedAt: t.completedAt,
  reminderAt: t.reminderAt,
  reminderSentAt: t.reminderSentAt,
  createdByUserId: t.createdByUserId,
  deletedAt: t.deletedAt,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  // Joins across modules go through read views only: a person's name, the contact's name.
  assigneeName: userNamesView.name,
  contactName: contactCardsView.fullName,
};

const live = (subAccountId: string, contactId: string, id: string) =>
  and(eq(t.subAccountId, subAccountId), eq(t.contactId, contactId), eq(t.id, id), isNull(t.deletedAt));

/** Keyset after (due_at, id) in `due_at asc nulls last, id asc` order. */
export type DueCursor = { dueAt: Date | null; id: string };

function afterDue(cursor: DueCursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  if (cursor.dueAt === null) return and(isNull(t.dueAt), gt(t.id, cursor.id));
  return or(gt(t.dueAt, cursor.dueAt), and(eq(t.dueAt, cursor.dueAt), gt(t.id, cursor.id)), isNull(t.dueAt));
}

export async function insertTask(values: typeof t.$inferInsert): Promise<string> {
  const [row] = await tx().insert(t).values(values).returning({ id: t.id });
  return row!.id;
}

export async function findTask(
  subAccountId: string,
  contactId: string,
  id: string,
): Promise<TaskRecord | undefined> {
  const [row] = await tx()
    .select(taskColumns)
    .from(t)
    .leftJoin(userNamesView, eq(userNamesView.id, t.assigneeUserId))
    .leftJoin(
      contactCardsView,
      and(eq(contactCardsView.subAccountId, t.subAccountId), eq(contactCardsView.id, t.contactId)),
    )
    .where(live(subAccountId, contactId, id));
  return row;
}

/** A contact's or an opportunity's tasks, soonest due first. */
export async function listTasks(input: {
  subAccountId: string;
  parent: { contactId: string } | { opportunityId: string };
  status?: 'open' | 'completed' | undefined;
  after?: DueCursor | undefined;
  limit: number;
}): Promise<TaskRecord[]> {
  const where = [
    eq(t.subAccountId, input.subAccountId),
    'opportunityId' in input.parent
      ? eq(t.opportunityId, input.parent.opportunityId)
      : eq(t.contactId, input.parent.contactId),
    isNull(t.deletedAt),
    input.status ? eq(t.status, input.status) : undefined,
    afterDue(input.after),
  ];
  return tx()
    .select(taskColumns)
    .from(t)
    .leftJoin(userNamesView, eq(userNamesView.id, t.assigneeUserId))
    .leftJoin(
      contactCardsView,
      and(eq(contactCardsView.subAccountId, t.subAccountId), eq(contactCardsView.id, t.contactId)),
    )
    .where(and(...where))
    .orderBy(sql`${t.dueAt} asc nulls last`, asc(t.id))
    .limit(input.limit + 1);
}

/**
 * Open or completed tasks of one assignee across contacts; open ones are served by
 * tasks_assignee_due_idx (its predicate is repeated here so the planner can use it). "Today" is the sub-account's calendar day.
 */
export async function listAssignedTasks(input: {
  subAccountId: string;
  assigneeUserId: string;
  status: 'open' | 'completed';
  due?: 'today' | 'overdue' | 'upcoming' | undefined;
  timezone: string;
  after?: DueCursor | undefined;
  limit: number;
}): Promise<TaskRecord[]> {
  const startOfToday = sql`(date_trunc('day', now() at time zone ${input.timezone}) at time zone ${input.timezone})`;
  const startOfTomorrow = sql`((date_trunc('day', now() at time zone ${input.timezone}) + interval '1 day') at time zone ${input.timezone})`;
  const due: Record<string, SQL | undefined> = {
    today: sql`${t.dueAt} >= ${startOfToday} and ${t.dueAt} < ${startOfTomorrow}`,
    overdue: sql`${t.dueAt} < now()`,
    upcoming: sql`${t.dueAt} >= ${startOfTomorrow}`,
  };
  const where = [
    eq(t.subAccountId, input.subAccountId),
    eq(t.assigneeUserId, input.assigneeUserId),
    eq(t.status, input.status),
    isNull(t.deletedAt),
    input.due ? due[input.due] : undefined,
    afterDue(input.after),
  ];
  return tx()
    .select(taskColumns)
    .from(t)
    .leftJoin(userNamesView, eq(userNamesView.id, t.assigneeUserId))
    .leftJoin(
      contactCardsView,
      and(eq(contactCardsView.subAccountId, t.subAccountId), eq(contactCardsView.id, t.contactId)),
    )
    .where(and(...where))
    .orderBy(sql`${t.dueAt} asc nulls last`, asc(t.id))
    .limit(input.limit + 1);
}

export async function updateTask(
  subAccountId: string,
  contactId: string,
  id: string,
  values: TaskValues,
): Promise<boolean> {
  if (Object.keys(values).length === 0) return (await findTask(subAccountId, contactId, id)) !== undefined;
  const rows = await tx()
    .update(t)
    .set(values)
    .where(live(subAccountId, contactId, id))
    .returning({ id: t.id });
  return rows.length === 1;
}

/** Only a change of status counts, so completing twice records tasks.completed once. */
export async function setStatus(
  subAccountId: string,
  contactId: string,
  id: string,
  status: 'open' | 'completed',
): Promise<boolean> {
  const rows = await tx()
    .update(t)
    .set({ status, completedAt: status === 'completed' ? sql`now()` : null })
    .where(and(live(subAccountId, contactId, id), sql`${t.status} <> ${status}`))
    .returning({ id: t.id });
  return rows.length === 1;
}

export async function softDeleteTask(subAccountId: string, contactId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .update(t)
    .set({ deletedAt: sql`now()` })
    .where(live(subAccountId, contactId, id))
    .returning({ id: t.id });
  return rows.length === 1;
}

/** Deleted tasks move too: a restore must find them on the surviving contact. */
export async function moveTasks(
  subAccountId: string,
  fromContactId: string,
  toContactId: string,
): Promise<number> {
  const rows = await tx()
    .update(t)
    .set({ contactId: toContactId })
    .where(and(eq(t.subAccountId, subAccountId), eq(t.contactId, fromContactId)))
    .returning({ id: t.id });
  return rows.length;
}

/**
 * Marks the reminder sent if it is still due as scheduled: the task open and live, its reminder
 * time unchanged and not yet sent. The condition makes a retried or duplicate job a no-op.
 */
export async function markReminderSent(
  subAccountId: string,
  id: string,
  reminderAt: Date,
): Promise<
  { contactId: string; assigneeUserId: string | null; title: string; dueAt: Date | null } | undefined
> {
  const [row] = await tx()
    .update(t)
    .set({ reminderSentAt: sql`now()` })
    .where(
      and(
        eq(t.subAccountId, subAccountId),
        eq(t.id, id),
        eq(t.status, 'open'),
        isNull(t.deletedAt),
        eq(t.reminderAt, reminderAt),
        isNull(t.reminderSentAt),
      ),
    )
    .returning({ contactId: t.contactId, assigneeUserId: t.assigneeUserId, title: t.title, dueAt: t.dueAt });
  return row;
}
