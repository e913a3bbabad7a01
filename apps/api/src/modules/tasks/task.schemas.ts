import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { isoDateTime } from '../../platform/http/dates.ts';
import { pageQuery } from '../../platform/http/pagination.ts';

export const taskSchema = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  /** The contact's full name; null when it has none. */
  contactName: z.string().nullable(),
  /** Set when the task was made on one of the contact's opportunities. */
  opportunityId: z.uuid().nullable(),
  title: z.string(),
  body: z.string().nullable(),
  dueAt: z.string().nullable(),
  assigneeUserId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  status: z.enum(['open', 'completed']),
  completedAt: z.string().nullable(),
  reminderAt: z.string().nullable(),
  reminderSentAt: z.string().nullable(),
  createdByUserId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const when = isoDateTime({
  offset: true,
  error: 'must be an ISO 8601 date-time with a zone, e.g. 2024-03-31T14:30:00Z',
}).transform((v) => new Date(v));

const fields = {
  title: z.string().trim().min(1, 'is required').max(500),
  body: z.string().max(50_000, { error: 'must be at most 50000 characters' }).nullable().optional(),
  dueAt: when.nullable().optional(),
  assigneeUserId: z.uuid({ error: 'must be a user id (UUID)' }).nullable().optional(),
  reminderAt: when.nullable().optional(),
};

export const createTaskBody = z.object(fields);
export const updateTaskBody = z.object(fields).partial();
export const contactParams = idParams('contactId');
export const opportunityParams = idParams('opportunityId');
export const taskParams = contactParams.extend(idParams('taskId').shape);
export const listTasksQuery = pageQuery.extend({
  status: z.enum(['open', 'completed'], { error: 'must be open or completed' }).optional(),
});
export const myTasksQuery = pageQuery.extend({
  assignee: z.union([z.literal('me'), z.uuid()], { error: "must be 'me' or a user id" }).default('me'),
  status: z.enum(['open', 'completed'], { error: 'must be open or completed' }).default('open'),
  due: z.enum(['today', 'overdue', 'upcoming'], { error: 'must be today, overdue or upcoming' }).optional(),
});

export type TaskView = z.infer<typeof taskSchema>;
export type CreateTaskInput = z.infer<typeof createTaskBody>;
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;
export type ListTasksInput = z.infer<typeof listTasksQuery>;
export type MyTasksInput = z.infer<typeof myTasksQuery>;
