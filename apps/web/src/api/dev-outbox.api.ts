import { request, type Page } from './client.ts';

export type OutboxMessage = {
  id: string;
  channel: string;
  from: string;
  to: string;
  subject: string | null;
  textBody: string;
  htmlBody: string | null;
  createdAt: string;
};

export const devOutboxApi = {
  list: (query: { to?: string; cursor?: string; limit?: number } = {}) =>
    request<Page<OutboxMessage>>('/api/v1/dev-outbox', { query }),
  get: (id: string) => request<OutboxMessage>(`/api/v1/dev-outbox/${id}`),
};
