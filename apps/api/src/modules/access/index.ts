export {
  addSubAccountMember,
  assignableRole,
  installAgencyAccess,
  notOnTeam,
  requireOnTeam,
  requireRoleWithin,
  syncPermissionCatalogue,
  type TeamReferences,
  tenantsWherePermitted,
  usersWithAccess,
} from './access.service.ts';
export { registerAccessRoutes } from './access.routes.ts';
export { accessEvents } from './access.events.ts';
export { roleNamesView } from './access.read-views.ts';
