import { request, type Page } from './client.ts';

import type { OutboxMessage } from './contract.ts';

export type { OutboxMessage };

export const devOutboxApi = {
  list: (query: { to?: string; cursor?: string; limit?: number } = {}) =>
    request<Page<OutboxMessage>>('/api/v1/dev-outbox', { query }),
  get: (id: string) => request<OutboxMessage>(`/api/v1/dev-outbox/${id}`),
};
