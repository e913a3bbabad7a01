import { api, type ApiBody, type ApiResponse } from './client.ts';

export type Me = ApiResponse<'/api/v1/auth/me', 'get'>;
export type User = Me['user'];
export type Invitation = ApiResponse<'/api/v1/invitations/{token}', 'get'>;
export type AcceptInvitationInput = ApiBody<'/api/v1/invitations/{token}/accept', 'post'>;
export type AgencyMembership = Me['agencies'][number];
export type SubAccountMembership = Me['subAccounts'][number];
export type RoleRef = AgencyMembership['role'];

export const authApi = {
  me: () => api.get('/api/v1/auth/me'),
  login: (input: ApiBody<'/api/v1/auth/login', 'post'>) => api.post('/api/v1/auth/login', { body: input }),
  logout: () => api.post('/api/v1/auth/logout'),
  requestPasswordReset: (input: ApiBody<'/api/v1/auth/password-reset', 'post'>) =>
    api.post('/api/v1/auth/password-reset', { body: input }),
  confirmPasswordReset: (input: ApiBody<'/api/v1/auth/password-reset/confirm', 'post'>) =>
    api.post('/api/v1/auth/password-reset/confirm', { body: input }),
  invitation: (token: string) => api.get('/api/v1/invitations/{token}', { params: { path: { token } } }),
  acceptInvitation: (token: string, input: AcceptInvitationInput) =>
    api.post('/api/v1/invitations/{token}/accept', { params: { path: { token } }, body: input }),
};
