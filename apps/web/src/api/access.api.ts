import { request, type Page } from './client.ts';
import { scopeBase, type Scope } from './scope.ts';

import type {
  ApiKey,
  Invitation,
  InvitationInput,
  Membership,
  PermissionCatalogue,
  Role,
  RoleInput,
  UpdateMembershipInput,
} from './contract.ts';

export type { ApiKey, Invitation, Membership, PermissionCatalogue, Role, RoleInput, UpdateMembershipInput };
export type RoleScope = Role['scope'];
export type MembershipStatus = Membership['status'];
/** Per-person grants and revocations apply to sub-account users only. */
export type InvitationStatus = Invitation['status'];

type ListQuery = { cursor?: string; limit?: number };

export const accessApi = {
  permissions: () => request<PermissionCatalogue>('/api/v1/permissions'),

  users: (scope: Scope, query: ListQuery = {}) =>
    request<Page<Membership>>(`${scopeBase(scope)}/users`, { query }),
  updateUser: (scope: Scope, membershipId: string, input: UpdateMembershipInput) =>
    request<Membership>(`${scopeBase(scope)}/users/${membershipId}`, { method: 'PATCH', body: input }),
  removeUser: (scope: Scope, membershipId: string) =>
    request<void>(`${scopeBase(scope)}/users/${membershipId}`, { method: 'DELETE' }),

  roles: (scope: Scope, query: ListQuery = {}) => request<Page<Role>>(`${scopeBase(scope)}/roles`, { query }),
  createRole: (scope: Scope, input: RoleInput) =>
    request<Role>(`${scopeBase(scope)}/roles`, { method: 'POST', body: input }),
  updateRole: (scope: Scope, roleId: string, input: Partial<RoleInput>) =>
    request<Role>(`${scopeBase(scope)}/roles/${roleId}`, { method: 'PATCH', body: input }),
  deleteRole: (scope: Scope, roleId: string) =>
    request<void>(`${scopeBase(scope)}/roles/${roleId}`, { method: 'DELETE' }),

  invitations: (scope: Scope, query: ListQuery = {}) =>
    request<Page<Invitation>>(`${scopeBase(scope)}/invitations`, { query }),
  invite: (scope: Scope, input: InvitationInput) =>
    request<Invitation>(`${scopeBase(scope)}/invitations`, { method: 'POST', body: input }),
  revokeInvitation: (scope: Scope, invitationId: string) =>
    request<Invitation>(`${scopeBase(scope)}/invitations/${invitationId}/revoke`, { method: 'POST' }),

  apiKeys: (scope: Scope, query: ListQuery = {}) =>
    request<Page<ApiKey>>(`${scopeBase(scope)}/api-keys`, { query }),
  createApiKey: (scope: Scope, input: { name: string; roleId: string }) =>
    request<{ apiKey: ApiKey; secret: string }>(`${scopeBase(scope)}/api-keys`, {
      method: 'POST',
      body: input,
    }),
  revokeApiKey: (scope: Scope, apiKeyId: string) =>
    request<ApiKey>(`${scopeBase(scope)}/api-keys/${apiKeyId}/revoke`, { method: 'POST' }),
};
