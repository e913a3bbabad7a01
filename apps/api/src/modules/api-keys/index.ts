export { registerApiKeyRoutes } from './api-key.routes.ts';
export { apiKeyEvents } from './api-key.events.ts';
