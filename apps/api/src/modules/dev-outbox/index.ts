/** The Dev Outbox module's public surface: dev adapters deliver here, the HTTP routes read from here. */
export { registerDevOutboxRoutes } from './dev-outbox.routes.ts';
import type { DevOutbox } from '../../platform/providers/email/index.ts';
import { deliverToDevOutbox } from './dev-outbox.service.ts';

export { deliverToDevOutbox, getDevOutboxMessage, listDevOutbox } from './dev-outbox.service.ts';

/** The Dev Outbox as the dev email adapter takes it (runtime.ts and main.ts hand it in). */
export const devOutbox: DevOutbox = { deliver: deliverToDevOutbox };
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
