import { scopeKey, type Scope } from '../../api/scope.ts';

// Users, roles, invitations and API keys live at either tenant level: their keys start with the
// scope (`['agency', id]` or `['sub_account', id]`), like the sub-account's other keys.
export const accessKeys = {
  /** The permission catalogue (the same for everyone). */
  permissions: () => ['permissions'] as const,
  /** What an invitation link offers, before signing in. */
  invitationPreview: (token: string) => ['invitation', token] as const,
  /** The users list, the assignee pickers and the overview's count. */
  users: (scope: Scope) => [...scopeKey(scope), 'users'] as const,
  usersCount: (scope: Scope) => [...accessKeys.users(scope), 'count'] as const,
  assignableUsers: (subAccountId: string) =>
    [...accessKeys.users({ kind: 'sub_account', id: subAccountId }), 'assignable'] as const,
  roles: (scope: Scope) => [...scopeKey(scope), 'roles'] as const,
  invitations: (scope: Scope) => [...scopeKey(scope), 'invitations'] as const,
  invitationsCount: (scope: Scope) => [...accessKeys.invitations(scope), 'count'] as const,
  apiKeys: (scope: Scope) => [...scopeKey(scope), 'api-keys'] as const,
  apiKeysCount: (scope: Scope) => [...accessKeys.apiKeys(scope), 'count'] as const,
};
