import { request, type Page } from './client.ts';

import type { TeamMember, TeamMemberInput } from './contract.ts';

export type { TeamMember, TeamMemberInput };
export type CommissionType = TeamMember['commissionType'];

const base = (subAccountId: string) => `/api/v1/sub-accounts/${subAccountId}/team-members`;

export const teamMembersApi = {
  list: (subAccountId: string, query: { cursor?: string; limit?: number } = {}) =>
    request<Page<TeamMember>>(base(subAccountId), { query }),
  create: (subAccountId: string, input: TeamMemberInput) =>
    request<TeamMember>(base(subAccountId), { method: 'POST', body: input }),
  update: (subAccountId: string, id: string, input: Partial<TeamMemberInput>) =>
    request<TeamMember>(`${base(subAccountId)}/${id}`, { method: 'PATCH', body: input }),
  remove: (subAccountId: string, id: string) =>
    request<void>(`${base(subAccountId)}/${id}`, { method: 'DELETE' }),
};
