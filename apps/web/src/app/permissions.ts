import type { Me } from '../api/auth.api.ts';

export type Can = (permission: string) => boolean;

/**
 * What the user may do in a tenant, from /auth/me. In a sub-account, agency staff act through
 * their agency role and direct members through their sub-account role; both may apply. The API
 * decides in the end: this only hides buttons that would certainly be refused.
 */
export function permissionsFor(
  me: Me | null | undefined,
  target: { agencyId?: string; subAccountId?: string },
): Can {
  if (!me) return () => false;
  if (me.user.isPlatformAdmin) return () => true;
  const granted = new Set<string>();
  if (target.agencyId) {
    for (const p of me.agencies.find((a) => a.id === target.agencyId)?.permissions ?? []) granted.add(p);
  }
  if (target.subAccountId) {
    for (const p of me.subAccounts.find((s) => s.id === target.subAccountId)?.permissions ?? [])
      granted.add(p);
  }
  return (permission) => granted.has(permission);
}

/** The read permission behind each settings tab; Settings shows when any of them is held. */
export const SETTINGS_TAB_PERMISSIONS: Record<string, string> = {
  users: 'users:read',
  invitations: 'invitations:read',
  roles: 'roles:read',
  'api-keys': 'api_keys:read',
  team: 'team_members:read',
  'custom-fields': 'settings:read',
  tags: 'contacts:read',
  'audit-log': 'audit_logs:read',
};

export function canSeeSettings(can: Can): boolean {
  return Object.values(SETTINGS_TAB_PERMISSIONS).some(can);
}
