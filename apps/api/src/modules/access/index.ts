export {
  addSubAccountMember,
  assignableRole,
  installAgencyAccess,
  syncPermissionCatalogue,
  tenantsWherePermitted,
  usersWithAccess,
} from './access.service.ts';
export { registerAccessRoutes } from './access.routes.ts';
