import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';

export type TeamMember = ApiResponse<
  '/api/v1/sub-accounts/{subAccountId}/team-members/{teamMemberId}',
  'get'
>;
export type TeamMemberInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/team-members', 'post'>;
export type UpdateTeamMemberInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/team-members/{teamMemberId}',
  'patch'
>;
export type CommissionType = TeamMember['commissionType'];
type ListQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/team-members', 'get'>;

export const teamMembersApi = {
  list: (subAccountId: string, query: ListQuery = {}) =>
    api.get('/api/v1/sub-accounts/{subAccountId}/team-members', {
      params: { path: { subAccountId }, query },
    }),
  create: (subAccountId: string, input: TeamMemberInput) =>
    api.post('/api/v1/sub-accounts/{subAccountId}/team-members', {
      params: { path: { subAccountId } },
      body: input,
    }),
  update: (subAccountId: string, teamMemberId: string, input: UpdateTeamMemberInput) =>
    api.patch('/api/v1/sub-accounts/{subAccountId}/team-members/{teamMemberId}', {
      params: { path: { subAccountId, teamMemberId } },
      body: input,
    }),
  remove: (subAccountId: string, teamMemberId: string) =>
    api.delete('/api/v1/sub-accounts/{subAccountId}/team-members/{teamMemberId}', {
      params: { path: { subAccountId, teamMemberId } },
    }),
};
