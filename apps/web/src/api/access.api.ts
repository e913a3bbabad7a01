import { request, type Page } from './client.ts';
import { scopeBase, type Scope } from './scope.ts';

export type RoleScope = 'agency' | 'sub_account';

export type Membership = {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: { id: string; key: string | null; name: string };
  status: MembershipStatus;
  grantedPermissions: string[];
  revokedPermissions: string[];
  createdAt: string;
};

export type MembershipStatus = 'active' | 'suspended';

/** Per-person grants and revocations apply to sub-account users only. */
export type UpdateMembershipInput = {
  roleId?: string;
  status?: MembershipStatus;
  grantedPermissions?: string[];
  revokedPermissions?: string[];
};

export type Role = {
  id: string;
  key: string | null;
  name: string;
  description: string;
  scope: RoleScope;
  subAccountId: string | null;
  isBuiltin: boolean;
  permissions: string[];
};

export type RoleInput = { name: string; description?: string; scope: RoleScope; permissions: string[] };

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export type Invitation = {
  id: string;
  email: string;
  role: { id: string; name: string };
  subAccountId: string | null;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
};

export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  role: { id: string; name: string };
  subAccountId: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  createdAt: string;
  revokedAt: string | null;
};

export type PermissionCatalogue = {
  resources: { resource: string; scope: RoleScope; actions: string[] }[];
  actions: string[];
};

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
  invite: (scope: Scope, input: { email: string; roleId: string }) =>
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
