import { request, type Page } from './client.ts';

import type { CreateTaskInput, MyTasksQuery, Task, UpdateTaskInput } from './contract.ts';

export type { CreateTaskInput, MyTasksQuery, Task, UpdateTaskInput };
export type TaskDue = NonNullable<MyTasksQuery['due']>;

const sub = (subAccountId: string) => `/api/v1/sub-accounts/${subAccountId}`;
const contactBase = (subAccountId: string, contactId: string) =>
  `${sub(subAccountId)}/contacts/${contactId}/tasks`;

export const tasksApi = {
  list: (
    subAccountId: string,
    contactId: string,
    query: { status?: Task['status']; cursor?: string; limit?: number } = {},
  ) => request<Page<Task>>(contactBase(subAccountId, contactId), { query }),
  create: (subAccountId: string, contactId: string, input: CreateTaskInput) =>
    request<Task>(contactBase(subAccountId, contactId), { method: 'POST', body: input }),
  update: (subAccountId: string, contactId: string, id: string, input: UpdateTaskInput) =>
    request<Task>(`${contactBase(subAccountId, contactId)}/${id}`, { method: 'PATCH', body: input }),
  complete: (subAccountId: string, contactId: string, id: string) =>
    request<Task>(`${contactBase(subAccountId, contactId)}/${id}/complete`, { method: 'POST' }),
  reopen: (subAccountId: string, contactId: string, id: string) =>
    request<Task>(`${contactBase(subAccountId, contactId)}/${id}/reopen`, { method: 'POST' }),
  remove: (subAccountId: string, contactId: string, id: string) =>
    request<void>(`${contactBase(subAccountId, contactId)}/${id}`, { method: 'DELETE' }),
  mine: (subAccountId: string, query: MyTasksQuery = {}) =>
    request<Page<Task>>(`${sub(subAccountId)}/tasks`, { query }),
};
