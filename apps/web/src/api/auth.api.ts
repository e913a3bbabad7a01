import { request } from './client.ts';

export type RoleRef = { id: string; key: string | null; name: string };

export type User = { id: string; email: string; name: string; isPlatformAdmin: boolean };

export type AgencyMembership = { id: string; name: string; role: RoleRef; permissions: string[] };

export type SubAccountMembership = {
  id: string;
  name: string;
  agencyId: string;
  role: RoleRef;
  permissions: string[];
};

export type Me = { user: User; agencies: AgencyMembership[]; subAccounts: SubAccountMembership[] };

export type Invitation = {
  email: string;
  agencyName: string;
  subAccountName: string | null;
  roleName: string;
  userExists: boolean;
  expiresAt: string;
};

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
