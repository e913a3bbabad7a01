import { request, type Page } from './client.ts';

export type CommissionType = 'none' | 'percentage' | 'fixed';

export type TeamMember = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  userId: string | null;
  externalIds: Record<string, string>;
  commissionType: CommissionType;
  commissionRateBps: number | null;
  commissionFixedMinor: number | null;
  currency: string | null;
  status: string;
};

export type TeamMemberInput = {
  name: string;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
  commissionType: CommissionType;
  commissionRateBps?: number | null;
  commissionFixedMinor?: number | null;
  currency?: string | null;
};

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
