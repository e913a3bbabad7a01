import { defineModule } from '../../platform/modules/manifest.ts';
import { apiKeyPrincipal, registerApiKeyRoutes } from './api-key.routes.ts';
import { apiKeyEvents } from './api-key.events.ts';
export { apiKeyEvents } from './api-key.events.ts';

/** What the api-keys module brings to the product (see composition.ts). */
export const apiKeysModule = defineModule({
  name: 'api-keys',
  api: {
    group: 'api keys',
    description: 'Keys for integrations, each acting with a role in its agency or sub-account.',
  },
  routes: registerApiKeyRoutes,
  events: apiKeyEvents,
  principalResolvers: [apiKeyPrincipal],
});
