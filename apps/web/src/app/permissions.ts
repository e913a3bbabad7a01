import type { Me } from '../api/auth.api.ts';

export type Can = (permission: string) => boolean;

/**
 * What the user may do in a tenant, as the API computes it for every request (/auth/me reports it
 * per agency and sub-account): looked up here, never worked out, so a button shows exactly when the
 * API would allow what it does.
 */
export function permissionsFor(
  me: Me | null | undefined,
  target: { agencyId?: string | undefined; subAccountId?: string | undefined },
): Can {
  if (!me) return () => false;
  const agency = target.agencyId ? me.agencies.find((a) => a.id === target.agencyId) : undefined;
  const held = target.subAccountId
    ? (me.subAccounts.find((s) => s.id === target.subAccountId)?.permissions ?? agency?.subAccountPermissions)
    : agency?.permissions;
  const granted = new Set(held ?? me.permissionsEverywhere);
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
