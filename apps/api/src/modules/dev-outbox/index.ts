/** The Dev Outbox module's public surface: dev adapters deliver here, the HTTP routes read from here. */
export { deliverToDevOutbox, getDevOutboxMessage, listDevOutbox } from './dev-outbox.service.ts';
export type { DeliverToDevOutboxInput, ListDevOutboxInput } from './dev-outbox.service.ts';
export type { DevOutboxChannel, DevOutboxReader } from './dev-outbox.repository.ts';
export {
  devOutboxChannelSchema,
  devOutboxListQuerySchema,
  devOutboxListResponseSchema,
  devOutboxMessageParamsSchema,
  devOutboxMessageSchema,
} from './dev-outbox.schemas.ts';
export type {
  DevOutboxListQuery,
  DevOutboxListResponse,
  DevOutboxMessageResponse,
} from './dev-outbox.schemas.ts';
