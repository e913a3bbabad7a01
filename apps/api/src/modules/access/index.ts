export {
  addSubAccountMember,
  assignableRole,
  installAgencyAccess,
  syncPermissionCatalogue,
  usersWithAccess,
} from './access.service.ts';
export { registerAccessRoutes } from './access.routes.ts';
