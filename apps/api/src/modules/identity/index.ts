export {
  checkUserPassword,
  ensureUser,
  findUserByEmail,
  startSession,
  escapeHtml,
  type PublicUser,
  userNames,
} from './identity.service.ts';
export { registerIdentityRoutes, setSessionCookie } from './identity.routes.ts';
export { userNamesView } from './identity.read-views.ts';
