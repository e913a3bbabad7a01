import { useQuery } from '@tanstack/react-query';
import { accessApi, type Role } from '../../api/access.api.ts';
import { type Scope } from '../../api/scope.ts';
import { accessKeys } from './access.keys.ts';

/** All roles of a tenant. */
export function useRoles(scope: Scope, enabled = true) {
  return useQuery({
    queryKey: accessKeys.roles(scope),
    enabled,
    // Roles are few: the API answers all of them at once.
    queryFn: async () => (await accessApi.roles(scope)).items,
  });
}

/** Roles a member of this tenant can hold: agency roles at the agency, sub-account roles below. */
export function assignableRoles(roles: Role[] | undefined, scope: Scope): Role[] {
  const wanted = scope.kind === 'agency' ? 'agency' : 'sub_account';
  return (roles ?? []).filter((r) => r.scope === wanted);
}

export function roleOptions(roles: Role[]): { value: string; label: string }[] {
  return roles.map((r) => ({ value: r.id, label: r.isBuiltin ? r.name : `${r.name} (custom)` }));
}

/** The role an invitation starts with: the everyday one, never an owner role. */
export function defaultRoleId(roles: Role[]): string | null {
  for (const key of ['member', 'sales', 'agency_support', 'viewer']) {
    const role = roles.find((r) => r.key === key);
    if (role) return role.id;
  }
  return (roles.find((r) => !r.key?.includes('owner')) ?? roles[0])?.id ?? null;
}
