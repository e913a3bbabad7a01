import { request, type Page } from './client.ts';

export type OutboxMessage = {
  id: string;
  channel: string;
  fromAddress: string;
  toAddress: string;
  subject: string | null;
  textBody: string | null;
  htmlBody: string | null;
  createdAt: string;
};

export const devOutboxApi = {
  list: (query: { to?: string; cursor?: string; limit?: number } = {}) =>
    request<Page<OutboxMessage>>('/api/v1/dev-outbox', { query }),
  get: (id: string) => request<OutboxMessage>(`/api/v1/dev-outbox/${id}`),
};
