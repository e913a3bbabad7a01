import { defineModule } from '../../platform/modules/manifest.ts';
import { registerTeamMemberRoutes } from './team-member.routes.ts';
import { teamMemberEvents } from './team-member.events.ts';
export { teamMemberEvents } from './team-member.events.ts';

/** What the team-members module brings to the product (see composition.ts). */
export const teamMembersModule = defineModule({
  name: 'team-members',
  api: { group: 'team members', description: 'The people who sell and earn commissions in a sub-account.' },
  routes: registerTeamMemberRoutes,
  events: teamMemberEvents,
});
