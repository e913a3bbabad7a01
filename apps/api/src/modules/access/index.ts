export {
  addSubAccountMember,
  assignableRole,
  installAgencyAccess,
  syncPermissionCatalogue,
} from './access.service.ts';
export { registerAccessRoutes } from './access.routes.ts';
