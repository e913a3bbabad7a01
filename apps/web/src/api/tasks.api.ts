import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

export type Task = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks/{taskId}',
  'get'
>;
export type CreateTaskInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks',
  'post'
>;
export type UpdateTaskInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks/{taskId}',
  'patch'
>;
export type MyTasksQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/tasks', 'get'>;
export type TaskDue = NonNullable<MyTasksQuery['due']>;
type ListQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks', 'get'>;

const task = (subAccountId: string, contactId: string, taskId: string) => ({
  path: { subAccountId, contactId, taskId },
});

export const tasksApi = {
  list: (subAccountId: string, contactId: string, query: ListQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks', {
      params: { path: { subAccountId, contactId }, query },
    }),
  create: (subAccountId: string, contactId: string, input: CreateTaskInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks', {
      params: { path: { subAccountId, contactId } },
      body: input,
    }),
  update: (subAccountId: string, contactId: string, taskId: string, input: UpdateTaskInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks/{taskId}', {
      params: task(subAccountId, contactId, taskId),
      body: input,
    }),
  complete: (subAccountId: string, contactId: string, taskId: string) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks/{taskId}/complete', {
      params: task(subAccountId, contactId, taskId),
    }),
  reopen: (subAccountId: string, contactId: string, taskId: string) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks/{taskId}/reopen', {
      params: task(subAccountId, contactId, taskId),
    }),
  remove: (subAccountId: string, contactId: string, taskId: string) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/contacts/{contactId}/tasks/{taskId}', {
      params: task(subAccountId, contactId, taskId),
    }),
  mine: (subAccountId: string, query: MyTasksQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/tasks', { params: { path: { subAccountId }, query } }),
};
