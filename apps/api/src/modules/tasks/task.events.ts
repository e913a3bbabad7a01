import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

const task = {
  taskId: z.uuid(),
  contactId: z.uuid(),
  assigneeUserId: z.uuid().nullable(),
};

export const taskEvents = defineEvents('tasks', {
  'tasks.created': z
    .object({
      ...task,
      opportunityId: z.uuid().nullable().describe('set when the task was made on an opportunity'),
      dueAt: z.iso.datetime().nullable(),
      title: z.string().optional().describe('(for the timeline; older events lack it)'),
    })
    .describe('A task was created.'),
  'tasks.completed': z
    .object({
      ...task,
      title: z.string().optional().describe('(for the timeline; older events lack it)'),
      opportunityId: z.uuid().nullable().optional().describe('set when the task was made on an opportunity'),
    })
    .describe('A task was completed (only on a change of status).'),
  'tasks.due': z
    .object({
      ...task,
      title: z.string(),
      dueAt: z.iso.datetime().nullable(),
      reminderAt: z.iso.datetime().describe('the reminder time that fired'),
    })
    .describe("A task's reminder time came (recorded by the tasks.remind job, once per reminder)."),
  'tasks.moved': z
    .object({
      contactId: z.uuid().describe('the contact they moved to (the survivor of a merge)'),
      fromContactId: z.uuid().describe('the contact they were on (merged into contactId)'),
      count: z.number().int().positive(),
    })
    .describe('A contact merge moved every task of one contact (deleted ones too) to another.'),
});

export const { recordEvent, recordEventFor } = taskEvents;
