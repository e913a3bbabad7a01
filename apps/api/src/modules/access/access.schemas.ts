import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { ACTIONS, isPermission } from '../../platform/access/permissions.ts';
import { pageQuery } from '../../platform/http/pagination.ts';

const permission = z
  .string()
  .refine(isPermission, { error: 'is not a known permission; see GET /api/v1/permissions' });

export const roleRef = z.object({ id: z.uuid(), key: z.string().nullable(), name: z.string() });

export const roleSchema = z.object({
  id: z.uuid(),
  key: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  scope: z.enum(['agency', 'sub_account']),
  subAccountId: z.uuid().nullable(),
  isBuiltin: z.boolean(),
  permissions: z.array(z.string()),
});

export const createRoleBody = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  description: z.string().trim().max(500).default(''),
  scope: z.enum(['agency', 'sub_account']),
  permissions: z.array(permission).max(500),
});

export const updateRoleBody = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  description: z.string().trim().max(500).optional(),
  permissions: z.array(permission).max(500).optional(),
});

export const roleParams = idParams('roleId');

export const membershipSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleRef,
  status: z.enum(['active', 'suspended']),
  grantedPermissions: z.array(z.string()),
  revokedPermissions: z.array(z.string()),
  permissions: z
    .array(z.string())
    .describe(
      'What this membership gives: its role, plus the grants, minus the revocations (the rule request scoping applies)',
    ),
  createdAt: z.string(),
});

export const membershipParams = idParams('membershipId');

export const updateMembershipBody = z.object({
  roleId: z.uuid().optional(),
  status: z.enum(['active', 'suspended']).optional(),
  grantedPermissions: z.array(permission).max(500).optional(),
  revokedPermissions: z.array(permission).max(500).optional(),
});

export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.object({ id: z.uuid(), name: z.string() }),
  subAccountId: z.uuid().nullable(),
  status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
  expiresAt: z.string(),
  createdAt: z.string(),
});

export const createInvitationBody = z.object({
  email: z.email({ error: 'must be an email address, e.g. name@example.com' }).max(320),
  roleId: z.uuid({ error: 'must be the id of a role; see GET .../roles' }),
});

export const invitationParams = idParams('invitationId');
export const invitationTokenParams = z.object({ token: z.string().min(10).max(200) });

export const invitationPreview = z.object({
  email: z.string(),
  agencyName: z.string(),
  subAccountName: z.string().nullable(),
  roleName: z.string(),
  userExists: z.boolean(),
  expiresAt: z.string(),
});

export const acceptInvitationBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  password: z.string().max(1000).optional(),
});

export const listInvitationsQuery = pageQuery;

const scopedRole = z.object({ id: z.uuid(), key: z.string().nullable(), name: z.string() });

/** Permissions as request scoping computes them for this person and tenant (sorted). */
const heldPermissions = (what: string) => z.array(z.string()).describe(what);

export const meSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), isPlatformAdmin: z.boolean() }),
  permissionsEverywhere: heldPermissions(
    'What the person holds in every agency and sub-account, listed below or not: every permission for a platform administrator, none for anyone else.',
  ),
  agencies: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      role: scopedRole,
      permissions: heldPermissions('What the person may do at the agency level (its own routes).'),
      subAccountPermissions: heldPermissions(
        "What the person may do in this agency's sub-accounts they are not a member of (those listed under subAccounts say their own).",
      ),
    }),
  ),
  subAccounts: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      agencyId: z.uuid(),
      role: scopedRole,
      permissions: heldPermissions(
        'What the person may do in the sub-account: their role, grants and revocations here, together with their agency role when they are also agency staff.',
      ),
    }),
  ),
});

export const permissionCatalogue = z.object({
  actions: z.array(z.string()),
  resources: z.array(
    z.object({
      resource: z.string(),
      scope: z.enum(['agency', 'sub_account']),
      actions: z.array(z.string()),
    }),
  ),
});

export { ACTIONS };
export type CreateRoleInput = z.infer<typeof createRoleBody>;
export type UpdateRoleInput = z.infer<typeof updateRoleBody>;
export type UpdateMembershipInput = z.infer<typeof updateMembershipBody>;
export type CreateInvitationInput = z.infer<typeof createInvitationBody>;
export type AcceptInvitationInput = z.infer<typeof acceptInvitationBody>;
export type RoleView = z.infer<typeof roleSchema>;
export type MembershipView = z.infer<typeof membershipSchema>;
export type InvitationView = z.infer<typeof invitationSchema>;
export type MeView = z.infer<typeof meSchema>;
