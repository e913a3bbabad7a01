/** The Dev Outbox module's public surface: dev adapters deliver here, the HTTP routes read from here. */
import { defineModule } from '../../platform/modules/manifest.ts';
import type { DevOutbox } from '../../platform/providers/email/index.ts';
import { registerDevOutboxRoutes } from './dev-outbox.routes.ts';
import { deliverToDevOutbox } from './dev-outbox.service.ts';

export { deliverToDevOutbox, getDevOutboxMessage, listDevOutbox } from './dev-outbox.service.ts';

/** The Dev Outbox as the dev email adapter takes it (the manifest provides it; composition.ts hands it in). */
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

/** What the dev-outbox module brings to the product (see composition.ts). */
export const devOutboxModule = defineModule({
  name: 'dev-outbox',
  api: {
    group: 'dev outbox',
    description: 'What the dev providers kept instead of sending (development only).',
  },
  // Only where the dev providers deliver: elsewhere there is nothing to read.
  routes(app, config) {
    if (config.email.provider === 'dev') registerDevOutboxRoutes(app);
  },
  provides: { devOutbox },
});
