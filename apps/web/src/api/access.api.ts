import { api, type ApiBody, type ApiQuery, type ApiResponse } from './client.ts';
import type { Scope } from './scope.ts';

// The agency and sub-account routes answer alike; the types are read from the sub-account ones.
export type Membership = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/users/{membershipId}', 'patch'>;
export type UpdateMembershipInput = ApiBody<
  '/api/v1/sub-accounts/{subAccountId}/users/{membershipId}',
  'patch'
>;
export type Role = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/roles/{roleId}', 'patch'>;
export type RoleInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/roles', 'post'>;
export type UpdateRoleInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/roles/{roleId}', 'patch'>;
export type Invitation = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/invitations', 'post'>;
export type InvitationInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/invitations', 'post'>;
export type ApiKey = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/api-keys/{apiKeyId}/revoke', 'post'>;
export type ApiKeyInput = ApiBody<'/api/v1/sub-accounts/{subAccountId}/api-keys', 'post'>;
export type CreatedApiKey = ApiResponse<'/api/v1/sub-accounts/{subAccountId}/api-keys', 'post'>;
export type PermissionCatalogue = ApiResponse<'/api/v1/permissions', 'get'>;
export type RoleScope = Role['scope'];
export type MembershipStatus = Membership['status'];
/** Per-person grants and revocations apply to sub-account users only. */
export type InvitationStatus = Invitation['status'];

type ListQuery = ApiQuery<'/api/v1/sub-accounts/{subAccountId}/invitations', 'get'>;

const agency = (scope: Scope) => ({ agencyId: scope.id });
const subAccount = (scope: Scope) => ({ subAccountId: scope.id });

export const accessApi = {
  permissions: () => api.get('/api/v1/permissions'),

  /** Every person of the tenant (the API answers them in one page). */
  users: (scope: Scope) =>
    scope.kind === 'agency'
      ? api.get('/api/v1/agencies/{agencyId}/users', { params: { path: agency(scope) } })
      : api.get('/api/v1/sub-accounts/{subAccountId}/users', { params: { path: subAccount(scope) } }),
  updateUser: (scope: Scope, membershipId: string, input: UpdateMembershipInput) =>
    scope.kind === 'agency'
      ? api.patch('/api/v1/agencies/{agencyId}/users/{membershipId}', {
          params: { path: { ...agency(scope), membershipId } },
          body: input,
        })
      : api.patch('/api/v1/sub-accounts/{subAccountId}/users/{membershipId}', {
          params: { path: { ...subAccount(scope), membershipId } },
          body: input,
        }),
  removeUser: (scope: Scope, membershipId: string) =>
    scope.kind === 'agency'
      ? api.delete('/api/v1/agencies/{agencyId}/users/{membershipId}', {
          params: { path: { ...agency(scope), membershipId } },
        })
      : api.delete('/api/v1/sub-accounts/{subAccountId}/users/{membershipId}', {
          params: { path: { ...subAccount(scope), membershipId } },
        }),

  /** Every role the tenant can use (the API answers them in one page). */
  roles: (scope: Scope) =>
    scope.kind === 'agency'
      ? api.get('/api/v1/agencies/{agencyId}/roles', { params: { path: agency(scope) } })
      : api.get('/api/v1/sub-accounts/{subAccountId}/roles', { params: { path: subAccount(scope) } }),
  createRole: (scope: Scope, input: RoleInput) =>
    scope.kind === 'agency'
      ? api.post('/api/v1/agencies/{agencyId}/roles', { params: { path: agency(scope) }, body: input })
      : api.post('/api/v1/sub-accounts/{subAccountId}/roles', {
          params: { path: subAccount(scope) },
          body: input,
        }),
  updateRole: (scope: Scope, roleId: string, input: UpdateRoleInput) =>
    scope.kind === 'agency'
      ? api.patch('/api/v1/agencies/{agencyId}/roles/{roleId}', {
          params: { path: { ...agency(scope), roleId } },
          body: input,
        })
      : api.patch('/api/v1/sub-accounts/{subAccountId}/roles/{roleId}', {
          params: { path: { ...subAccount(scope), roleId } },
          body: input,
        }),
  deleteRole: (scope: Scope, roleId: string) =>
    scope.kind === 'agency'
      ? api.delete('/api/v1/agencies/{agencyId}/roles/{roleId}', {
          params: { path: { ...agency(scope), roleId } },
        })
      : api.delete('/api/v1/sub-accounts/{subAccountId}/roles/{roleId}', {
          params: { path: { ...subAccount(scope), roleId } },
        }),

  invitations: (scope: Scope, query: ListQuery = {}) =>
    scope.kind === 'agency'
      ? api.get('/api/v1/agencies/{agencyId}/invitations', { params: { path: agency(scope), query } })
      : api.get('/api/v1/sub-accounts/{subAccountId}/invitations', {
          params: { path: subAccount(scope), query },
        }),
  invite: (scope: Scope, input: InvitationInput) =>
    scope.kind === 'agency'
      ? api.post('/api/v1/agencies/{agencyId}/invitations', { params: { path: agency(scope) }, body: input })
      : api.post('/api/v1/sub-accounts/{subAccountId}/invitations', {
          params: { path: subAccount(scope) },
          body: input,
        }),
  revokeInvitation: (scope: Scope, invitationId: string) =>
    scope.kind === 'agency'
      ? api.post('/api/v1/agencies/{agencyId}/invitations/{invitationId}/revoke', {
          params: { path: { ...agency(scope), invitationId } },
        })
      : api.post('/api/v1/sub-accounts/{subAccountId}/invitations/{invitationId}/revoke', {
          params: { path: { ...subAccount(scope), invitationId } },
        }),

  apiKeys: (scope: Scope, query: ListQuery = {}) =>
    scope.kind === 'agency'
      ? api.get('/api/v1/agencies/{agencyId}/api-keys', { params: { path: agency(scope), query } })
      : api.get('/api/v1/sub-accounts/{subAccountId}/api-keys', {
          params: { path: subAccount(scope), query },
        }),
  createApiKey: (scope: Scope, input: ApiKeyInput) =>
    scope.kind === 'agency'
      ? api.post('/api/v1/agencies/{agencyId}/api-keys', { params: { path: agency(scope) }, body: input })
      : api.post('/api/v1/sub-accounts/{subAccountId}/api-keys', {
          params: { path: subAccount(scope) },
          body: input,
        }),
  revokeApiKey: (scope: Scope, apiKeyId: string) =>
    scope.kind === 'agency'
      ? api.post('/api/v1/agencies/{agencyId}/api-keys/{apiKeyId}/revoke', {
          params: { path: { ...agency(scope), apiKeyId } },
        })
      : api.post('/api/v1/sub-accounts/{subAccountId}/api-keys/{apiKeyId}/revoke', {
          params: { path: { ...subAccount(scope), apiKeyId } },
        }),
};
