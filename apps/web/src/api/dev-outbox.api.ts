import type { z } from 'zod';
import type { devOutboxMessageSchema } from '../../../api/src/modules/dev-outbox/dev-outbox.schemas.ts';
import { api, type ApiQuery, type ApiResponse, type Page } from './client.ts';

// The API names these two answers' schemas (`.meta({ id })`), but its document does not carry the
// components they refer to yet, so their generated types are `unknown`. Until it does, they are
// read from the API's zod schema; once it does, the generated types win by themselves.
type Known<Generated, Fallback> = unknown extends Generated ? Fallback : Generated;
export type OutboxMessage = Known<
  ApiResponse<'/api/v1/dev-outbox/{id}', 'get'>,
  z.infer<typeof devOutboxMessageSchema>
>;
type OutboxPage = Known<ApiResponse<'/api/v1/dev-outbox', 'get'>, Page<OutboxMessage>>;
type ListQuery = ApiQuery<'/api/v1/dev-outbox', 'get'>;

export const devOutboxApi = {
  list: (query: ListQuery = {}) =>
    api.get('/api/v1/dev-outbox', { params: { query } }) as Promise<OutboxPage>,
  get: (id: string) =>
    api.get('/api/v1/dev-outbox/{id}', { params: { path: { id } } }) as Promise<OutboxMessage>,
};
