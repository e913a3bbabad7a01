export { registerApiKeyRoutes } from './api-key.routes.ts';
