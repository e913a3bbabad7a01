export { registerTeamMemberRoutes } from './team-member.routes.ts';
export { teamMemberEvents } from './team-member.events.ts';
