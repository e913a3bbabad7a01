import { defineModule } from '../../platform/modules/manifest.ts';
import { registerAccessRoutes } from './access.routes.ts';
import { accessEvents } from './access.events.ts';
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
export { accessEvents } from './access.events.ts';
export { roleNamesView } from './access.read-views.ts';

/** What the access module brings to the product (see composition.ts). */
export const accessModule = defineModule({
  name: 'access',
  api: {
    group: 'access',
    description: 'Who I am, roles and permissions, the people of an agency or sub-account, invitations.',
  },
  routes: registerAccessRoutes,
  events: accessEvents,
});
