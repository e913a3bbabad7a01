import { defineModule } from '../../platform/modules/manifest.ts';
import { registerIdentityRoutes, sessionPrincipal } from './identity.routes.ts';
export {
  checkUserPassword,
  ensureUser,
  findUserByEmail,
  startSession,
  escapeHtml,
  type PublicUser,
  userNames,
} from './identity.service.ts';
export { setSessionCookie } from './identity.routes.ts';
export { userNamesView } from './identity.read-views.ts';

/** What the identity module brings to the product (see composition.ts). */
export const identityModule = defineModule({
  name: 'identity',
  api: { group: 'identity', description: 'Log in and out, reset a password.' },
  routes: registerIdentityRoutes,
  principalResolvers: [sessionPrincipal],
});
