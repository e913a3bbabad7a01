import { request } from './client.ts';

import type { InvitationPreview, Me, User } from './contract.ts';

export type { Me, User };
export type Invitation = InvitationPreview;
export type AgencyMembership = Me['agencies'][number];
export type SubAccountMembership = Me['subAccounts'][number];
export type RoleRef = AgencyMembership['role'];

export const authApi = {
  me: () => request<Me>('/api/v1/auth/me'),
  login: (input: { email: string; password: string }) =>
    request<{ user: User }>('/api/v1/auth/login', { method: 'POST', body: input }),
  logout: () => request<void>('/api/v1/auth/logout', { method: 'POST' }),
  requestPasswordReset: (input: { email: string }) =>
    request<void>('/api/v1/auth/password-reset', { method: 'POST', body: input }),
  confirmPasswordReset: (input: { token: string; password: string }) =>
    request<void>('/api/v1/auth/password-reset/confirm', { method: 'POST', body: input }),
  invitation: (token: string) => request<Invitation>(`/api/v1/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string, input: { name?: string; password?: string }) =>
    request<{ user: User }>(`/api/v1/invitations/${encodeURIComponent(token)}/accept`, {
      method: 'POST',
      body: input,
    }),
};
