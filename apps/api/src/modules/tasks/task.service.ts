import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { invalid, notFound } from '../../platform/errors/app-error.ts';
import { recordEventFor } from './task.events.ts';
import { decodeCursor, invalidCursor, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { newId } from '../../platform/ids/ids.ts';
import { sendJob } from '../../platform/jobs/job-queue.ts';
import { requireOnTeam } from '../access/index.ts';
import { subAccountSettings } from '../agencies/index.ts';
import { type ParentRef, resolveParent } from '../opportunities/index.ts';
import * as repo from './task.repository.ts';
import type {
  CreateTaskInput,
  ListTasksInput,
  MyTasksInput,
  TaskView,
  UpdateTaskInput,
} from './task.schemas.ts';

export const REMIND_JOB = 'tasks.remind';
export type RemindJob = { agencyId: string; subAccountId: string; taskId: string; reminderAt: string };

const toView = (task: repo.TaskRecord): TaskView => ({
  id: task.id,
  contactId: task.contactId,
  // The generated full name is empty for a contact known only by email or phone.
  contactName: task.contactName || null,
  opportunityId: task.opportunityId,
  title: task.title,
  body: task.body,
  dueAt: iso(task.dueAt),
  assigneeUserId: task.assigneeUserId,
  assigneeName: task.assigneeName,
  status: task.status as TaskView['status'],
  completedAt: iso(task.completedAt),
  reminderAt: iso(task.reminderAt),
  reminderSentAt: iso(task.reminderSentAt),
  createdByUserId: task.createdByUserId,
  createdAt: iso(task.createdAt),
  updatedAt: iso(task.updatedAt),
});

const cursorOf = (task: repo.TaskRecord) => [task.dueAt ? task.dueAt.toISOString() : '', task.id];

function afterCursor(cursor: string | undefined): repo.DueCursor | undefined {
  const after = decodeCursor(cursor, ['timestamp?', 'uuid']);
  if (!after) return undefined;
  const [due, id] = after;
  const dueAt = due === null ? null : new Date(due);
  if (dueAt && Number.isNaN(dueAt.getTime())) throw invalidCursor();
  return { dueAt, id };
}

/** The reminder job commits with the task; one job per task and reminder time. */
async function scheduleReminder(ctx: SubAccountContext, taskId: string, reminderAt: Date): Promise<void> {
  const at = reminderAt.toISOString();
  await sendJob<RemindJob>(
    REMIND_JOB,
    { agencyId: ctx.agencyId, subAccountId: ctx.subAccountId, taskId, reminderAt: at },
    { startAfter: reminderAt, singletonKey: `${taskId}:${at}` },
  );
}

async function view(ctx: SubAccountContext, contactId: string, taskId: string): Promise<TaskView> {
  const task = await repo.findTask(ctx.subAccountId, contactId, taskId);
  if (!task) throw notFound('Task');
  return toView(task);
}

/** A contact's tasks, or an opportunity's (which are also its contact's). */
export async function listTasks(ctx: SubAccountContext, parentRef: ParentRef, input: ListTasksInput) {
  requirePermission(ctx, 'contacts:read');
  await resolveParent(ctx, parentRef);
  const rows = await repo.listTasks({
    subAccountId: ctx.subAccountId,
    parent: parentRef,
    status: input.status,
    after: afterCursor(input.cursor),
    limit: input.limit,
  });
  return toPage(rows, input.limit, cursorOf, toView);
}

/** "My tasks": open (by default) or completed tasks of one assignee across contacts, due today, overdue or upcoming. */
export async function listMyTasks(ctx: SubAccountContext, input: MyTasksInput) {
  requirePermission(ctx, 'contacts:read');
  let assigneeUserId = input.assignee;
  if (assigneeUserId === 'me') {
    if (!ctx.userId) throw invalid('assignee', "'me' needs a signed-in user; pass a user id with an API key");
    assigneeUserId = ctx.userId;
  }
  const { timezone } = await subAccountSettings(ctx.subAccountId);
  const rows = await repo.listAssignedTasks({
    subAccountId: ctx.subAccountId,
    assigneeUserId,
    status: input.status,
    due: input.due,
    timezone,
    after: afterCursor(input.cursor),
    limit: input.limit,
  });
  return toPage(rows, input.limit, cursorOf, toView);
}

export async function getTask(ctx: SubAccountContext, contactId: string, taskId: string): Promise<TaskView> {
  requirePermission(ctx, 'contacts:read');
  return view(ctx, contactId, taskId);
}

/** Unless the body names an assignee (or null), the task is assigned to the person creating it. */
export async function createTask(
  ctx: SubAccountContext,
  parentRef: ParentRef,
  input: CreateTaskInput,
): Promise<TaskView> {
  requirePermission(ctx, 'contacts:create');
  const { contactId, opportunityId } = await resolveParent(ctx, parentRef);
  const assigneeUserId = input.assigneeUserId === undefined ? (ctx.userId ?? null) : input.assigneeUserId;
  await requireOnTeam(ctx, { assigneeUserId });
  const id = await repo.insertTask({
    subAccountId: ctx.subAccountId,
    id: newId(),
    contactId,
    opportunityId,
    title: input.title,
    body: input.body ?? null,
    dueAt: input.dueAt ?? null,
    assigneeUserId,
    reminderAt: input.reminderAt ?? null,
    createdByUserId: ctx.userId ?? null,
  });
  if (input.reminderAt) await scheduleReminder(ctx, id, input.reminderAt);
  await recordEventFor(ctx, 'tasks.created', {
    taskId: id,
    contactId,
    opportunityId,
    assigneeUserId,
    dueAt: iso(input.dueAt ?? null),
    title: input.title,
  });
  return view(ctx, contactId, id);
}

export async function updateTask(
  ctx: SubAccountContext,
  contactId: string,
  taskId: string,
  input: UpdateTaskInput,
): Promise<TaskView> {
  requirePermission(ctx, 'contacts:update');
  const current = await repo.findTask(ctx.subAccountId, contactId, taskId);
  if (!current) throw notFound('Task');
  await requireOnTeam(ctx, { assigneeUserId: input.assigneeUserId });
  const values: repo.TaskValues = {};
  if (input.title !== undefined) values.title = input.title;
  if (input.body !== undefined) values.body = input.body;
  if (input.dueAt !== undefined) values.dueAt = input.dueAt;
  if (input.assigneeUserId !== undefined) values.assigneeUserId = input.assigneeUserId;
  const newReminder =
    input.reminderAt !== undefined &&
    (input.reminderAt?.getTime() ?? null) !== (current.reminderAt?.getTime() ?? null);
  if (newReminder) {
    values.reminderAt = input.reminderAt;
    // A new reminder time is a new reminder: it is sent even if the old one was.
    values.reminderSentAt = null;
  }
  await repo.updateTask(ctx.subAccountId, contactId, taskId, values);
  if (newReminder && input.reminderAt) await scheduleReminder(ctx, taskId, input.reminderAt);
  return view(ctx, contactId, taskId);
}

export async function completeTask(
  ctx: SubAccountContext,
  contactId: string,
  taskId: string,
): Promise<TaskView> {
  requirePermission(ctx, 'contacts:update');
  const changed = await repo.setStatus(ctx.subAccountId, contactId, taskId, 'completed');
  const task = await view(ctx, contactId, taskId);
  if (changed)
    await recordEventFor(ctx, 'tasks.completed', {
      taskId,
      contactId,
      assigneeUserId: task.assigneeUserId,
      title: task.title,
      opportunityId: task.opportunityId,
    });
  return task;
}

export async function reopenTask(
  ctx: SubAccountContext,
  contactId: string,
  taskId: string,
): Promise<TaskView> {
  requirePermission(ctx, 'contacts:update');
  await repo.setStatus(ctx.subAccountId, contactId, taskId, 'open');
  return view(ctx, contactId, taskId);
}

export async function deleteTask(ctx: SubAccountContext, contactId: string, taskId: string): Promise<void> {
  requirePermission(ctx, 'contacts:delete');
  if (!(await repo.softDeleteTask(ctx.subAccountId, contactId, taskId))) throw notFound('Task');
}

/**
 * For contact merges (use-cases/merge-contacts.ts), in the caller's transaction: every task of one
 * contact (deleted ones too) moves to the other. The caller has checked both contacts and its own
 * permission.
 */
export async function moveToContact(
  ctx: SubAccountContext,
  fromContactId: string,
  toContactId: string,
): Promise<number> {
  const count = await repo.moveTasks(ctx.subAccountId, fromContactId, toContactId);
  if (count > 0) await recordEventFor(ctx, 'tasks.moved', { contactId: toContactId, fromContactId, count });
  return count;
}
