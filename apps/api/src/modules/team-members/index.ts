export { registerTeamMemberRoutes } from './team-member.routes.ts';
