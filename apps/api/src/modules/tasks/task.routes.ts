import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inScope } from '../../platform/access/access.ts';
import { pageOf } from '../../platform/http/pagination.ts';
import { subAccountParams } from '../../platform/http/schemas.ts';
import * as tasks from './task.service.ts';
import {
  contactParams,
  createTaskBody,
  listTasksQuery,
  myTasksQuery,
  opportunityParams,
  taskParams,
  taskSchema,
  updateTaskBody,
} from './task.schemas.ts';

export function registerTaskRoutes(fastify: FastifyInstance): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ['tasks'];
  const base = '/api/v1/sub-accounts/:subAccountId/contacts/:contactId/tasks';
  const listParams = subAccountParams.extend(contactParams.shape);
  const itemParams = subAccountParams.extend(taskParams.shape);

  app.get(
    '/api/v1/sub-accounts/:subAccountId/tasks',
    {
      schema: {
        summary: 'List tasks',
        description:
          'Open tasks of an assignee (`me` by default: "my tasks"), by due date, optionally only today\'s, overdue or upcoming. Needs `contacts:read`.',
        tags,
        params: subAccountParams,
        querystring: myTasksQuery,
        response: { 200: pageOf(taskSchema) },
      },
    },
    (req) => inScope(req, (ctx) => tasks.listMyTasks(ctx, req.query)),
  );
  app.get(
    base,
    {
      schema: {
        summary: "List a contact's tasks",
        description: 'By due date, open or completed. Needs `contacts:read`.',
        tags,
        params: listParams,
        querystring: listTasksQuery,
        response: { 200: pageOf(taskSchema) },
      },
    },
    (req) => inScope(req, (ctx) => tasks.listTasks(ctx, { contactId: req.params.contactId }, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        summary: 'Add a task to a contact',
        description:
          'With a due time, an assignee with access to the sub-account and an optional reminder time. Needs `contacts:create`.',
        tags,
        params: listParams,
        body: createTaskBody,
        response: { 201: taskSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await inScope(req, (ctx) => tasks.createTask(ctx, { contactId: req.params.contactId }, req.body)),
        ),
  );
  app.get(
    `${base}/:taskId`,
    {
      schema: {
        summary: 'Get a task',
        description: 'Needs `contacts:read`.',
        tags,
        params: itemParams,
        response: { 200: taskSchema },
      },
    },
    (req) => inScope(req, (ctx) => tasks.getTask(ctx, req.params.contactId, req.params.taskId)),
  );
  app.patch(
    `${base}/:taskId`,
    {
      schema: {
        summary: 'Change a task',
        description: 'Title, due time, assignee, reminder. Needs `contacts:update`.',
        tags,
        params: itemParams,
        body: updateTaskBody,
        response: { 200: taskSchema },
      },
    },
    (req) => inScope(req, (ctx) => tasks.updateTask(ctx, req.params.contactId, req.params.taskId, req.body)),
  );
  app.post(
    `${base}/:taskId/complete`,
    {
      schema: {
        summary: 'Complete a task',
        description: 'Needs `contacts:update`.',
        tags,
        params: itemParams,
        response: { 200: taskSchema },
      },
    },
    (req) => inScope(req, (ctx) => tasks.completeTask(ctx, req.params.contactId, req.params.taskId)),
  );
  app.post(
    `${base}/:taskId/reopen`,
    {
      schema: {
        summary: 'Reopen a task',
        description: 'Needs `contacts:update`.',
        tags,
        params: itemParams,
        response: { 200: taskSchema },
      },
    },
    (req) => inScope(req, (ctx) => tasks.reopenTask(ctx, req.params.contactId, req.params.taskId)),
  );
  app.delete(
    `${base}/:taskId`,
    {
      schema: {
        summary: 'Delete a task',
        description: 'Needs `contacts:delete`.',
        tags,
        params: itemParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) =>
      reply
        .status(204)
        .send(
          await inScope(req, (ctx) => tasks.deleteTask(ctx, req.params.contactId, req.params.taskId)).then(
            () => null,
          ),
        ),
  );

  // An opportunity's tasks: listed and made here, read and edited through the contact's tasks.
  const opportunityTasks = '/api/v1/sub-accounts/:subAccountId/opportunities/:opportunityId/tasks';
  const opportunityListParams = subAccountParams.extend(opportunityParams.shape);
  app.get(
    opportunityTasks,
    {
      schema: {
        summary: "List an opportunity's tasks",
        description: 'By due date. Needs `contacts:read`.',
        tags,
        params: opportunityListParams,
        querystring: listTasksQuery,
        response: { 200: pageOf(taskSchema) },
      },
    },
    (req) =>
      inScope(req, (ctx) => tasks.listTasks(ctx, { opportunityId: req.params.opportunityId }, req.query)),
  );
  app.post(
    opportunityTasks,
    {
      schema: {
        summary: 'Add a task to an opportunity',
        description: "Kept on the opportunity's contact too. Needs `contacts:create`.",
        tags,
        params: opportunityListParams,
        body: createTaskBody,
        response: { 201: taskSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await inScope(req, (ctx) =>
            tasks.createTask(ctx, { opportunityId: req.params.opportunityId }, req.body),
          ),
        ),
  );
}
