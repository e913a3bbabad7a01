import {
  effectivePermissions,
  type RequestContext,
  requirePermission,
  type SubAccountContext,
} from '../../platform/access/access.ts';
import {
  ACTIONS,
  AGENCY_RESOURCES,
  ALL_PERMISSIONS,
  BUILTIN_ROLES,
  type Permission,
  SUB_ACCOUNT_RESOURCES,
} from '../../platform/access/permissions.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { checkPasswordRules } from '../../platform/auth/passwords.ts';
import { randomToken, sha256 } from '../../platform/crypto/secrets.ts';
import { FOREIGN_KEY_VIOLATION, sqlState } from '../../platform/db/errors.ts';
import { withSystem } from '../../platform/db/tenant.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from './access.events.ts';
import { newId } from '../../platform/ids/ids.ts';
import { publicLink } from '../../platform/http/links.ts';
import { newestFirst, type Page } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { namesOf } from '../agencies/index.ts';
import {
  checkUserPassword,
  ensureUser,
  escapeHtml,
  findUserByEmail,
  type PublicUser,
  startSession,
} from '../identity/index.ts';
import { queueEmail } from '../notifications/index.ts';
import * as repo from './access.repository.ts';
import type {
  AcceptInvitationInput,
  CreateInvitationInput,
  CreateRoleInput,
  InvitationView,
  MembershipView,
  MeView,
  RoleView,
  UpdateMembershipInput,
  UpdateRoleInput,
} from './access.schemas.ts';

const INVITATION_DAYS = 7;
const SUB_ACCOUNT_PERMISSIONS = new Set(
  SUB_ACCOUNT_RESOURCES.flatMap((r) => ACTIONS.map((a) => `${r}:${a}`)),
);

const toRoleView = (r: repo.RoleRecord): RoleView => ({
  id: r.id,
  key: r.key,
  name: r.name,
  description: r.description,
  scope: r.scope as RoleView['scope'],
  subAccountId: r.subAccountId,
  isBuiltin: r.isBuiltin,
  permissions: r.permissions,
});

const toMembershipView = (m: repo.MembershipRecord): MembershipView => ({
  id: m.id,
  userId: m.userId,
  email: m.email,
  name: m.name,
  role: { id: m.roleId, key: m.roleKey, name: m.roleName },
  status: m.status as MembershipView['status'],
  grantedPermissions: m.grantedPermissions,
  revokedPermissions: m.revokedPermissions,
  permissions: [
    ...effectivePermissions({
      isPlatformAdmin: false,
      agencyRole: null,
      membership: { role: m.rolePermissions, granted: m.grantedPermissions, revoked: m.revokedPermissions },
    }),
  ].sort(),
  createdAt: iso(m.createdAt),
});

function invitationStatus(i: repo.InvitationRecord): InvitationView['status'] {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  if (i.expiresAt.getTime() <= Date.now()) return 'expired';
  return 'pending';
}

const toInvitationView = (i: repo.InvitationRecord, roleName: string): InvitationView => ({
  id: i.id,
  email: i.email,
  role: { id: i.roleId, name: roleName },
  subAccountId: i.subAccountId,
  status: invitationStatus(i),
  expiresAt: iso(i.expiresAt),
  createdAt: iso(i.createdAt),
});

/** Nobody hands out more than they hold: a role or grant must be within the granter's permissions. */
function requireWithin(ctx: RequestContext, permissions: readonly string[]): void {
  const beyond = permissions.filter((p) => !ctx.permissions.has(p));
  if (beyond.length > 0) {
    throw forbidden(
      `You cannot grant permissions you do not have yourself: ${beyond.slice(0, 5).join(', ')}`,
    );
  }
}

/** One may take away only what one could have given: a role whose permissions are within one's own. */
export async function requireRoleWithin(ctx: RequestContext, roleId: string, what: string): Promise<void> {
  const role = await repo.findRole(ctx.agencyId, roleId);
  const beyond = (role?.permissions ?? []).filter((p) => !ctx.permissions.has(p));
  if (beyond.length > 0) {
    throw forbidden(
      `${what} holds permissions you do not have (${beyond.slice(0, 5).join(', ')}); ` +
        'only someone who holds all of them can do this',
    );
  }
}

/** A role can be given in this scope: agency roles at the agency, sub-account roles in a sub-account. */
export async function assignableRole(ctx: RequestContext, roleId: string): Promise<repo.RoleRecord> {
  const role = await repo.findRole(ctx.agencyId, roleId);
  const fits =
    role &&
    (ctx.subAccountId
      ? role.scope === 'sub_account' && (role.subAccountId === null || role.subAccountId === ctx.subAccountId)
      : role.scope === 'agency' && role.subAccountId === null);
  if (!role || !fits) {
    throw invalid(
      'roleId',
      `is not a role that can be given in this ${ctx.subAccountId ? 'sub-account' : 'agency'}`,
    );
  }
  requireWithin(ctx, role.permissions);
  return role;
}

// Set-up

/** Makes sure every permission of the catalogue exists; run at every start (idempotent). */
export async function syncPermissionCatalogue(): Promise<void> {
  await withSystem(() =>
    repo.upsertPermissions(
      ALL_PERMISSIONS.map((key) => {
        const [resource, action] = key.split(':') as [string, string];
        return { key, resource, action, description: `${action} ${resource.replaceAll('_', ' ')}` };
      }),
    ),
  );
}

/** Copies the built-in roles into a new agency and makes its owner; inside the caller's transaction. */
export async function installAgencyAccess(input: { agencyId: string; ownerUserId: string }): Promise<void> {
  let ownerRoleId: string | undefined;
  for (const role of BUILTIN_ROLES) {
    const id = await repo.insertRole({
      agencyId: input.agencyId,
      key: role.key,
      name: role.name,
      description: role.description,
      scope: role.scope,
      isBuiltin: true,
      permissions: role.permissions,
    });
    if (role.key === 'agency_owner') ownerRoleId = id;
  }
  await repo.upsertAgencyMembership({
    agencyId: input.agencyId,
    userId: input.ownerUserId,
    roleId: ownerRoleId!,
  });
}

/** Adds a person to a sub-account with a built-in role (the seeder, and tests). In the caller's transaction. */
export async function addSubAccountMember(input: {
  agencyId: string;
  subAccountId: string;
  userId: string;
  roleKey: string;
}): Promise<void> {
  const role = await repo.findRoleByKey(input.agencyId, input.roleKey);
  if (!role) throw new Error(`No built-in role ${input.roleKey}`);
  await repo.upsertSubAccountMembership({ ...input, roleId: role.id });
}

export function permissionCatalogue() {
  return {
    actions: [...ACTIONS],
    resources: [
      ...AGENCY_RESOURCES.map((resource) => ({ resource, scope: 'agency' as const, actions: [...ACTIONS] })),
      ...SUB_ACCOUNT_RESOURCES.map((resource) => ({
        resource,
        scope: 'sub_account' as const,
        actions: [...ACTIONS],
      })),
    ],
  };
}

// Roles

export async function listRoles(ctx: RequestContext): Promise<Page<RoleView>> {
  requirePermission(ctx, 'roles:read');
  const roles = await repo.listRoles(ctx.agencyId, ctx.subAccountId);
  return { items: roles.map(toRoleView), nextCursor: null };
}

/** A sub-account role holds sub-account permissions only, and never more than its maker holds. */
function checkRolePermissions(ctx: RequestContext, scope: string, permissions: readonly string[]): void {
  if (scope === 'sub_account') {
    const outside = permissions.filter((p) => !SUB_ACCOUNT_PERMISSIONS.has(p));
    if (outside.length > 0) {
      throw invalid(
        'permissions',
        `a sub-account role cannot hold agency permissions: ${outside.join(', ')}`,
      );
    }
  }
  requireWithin(ctx, permissions);
}

export async function createRole(ctx: RequestContext, input: CreateRoleInput): Promise<RoleView> {
  requirePermission(ctx, 'roles:create');
  if (ctx.subAccountId && input.scope !== 'sub_account') {
    throw invalid(
      'scope',
      "must be 'sub_account' inside a sub-account; agency roles are made at the agency level",
    );
  }
  checkRolePermissions(ctx, input.scope, input.permissions);
  const id = await repo.insertRole({
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId ?? null,
    name: input.name,
    description: input.description,
    scope: input.scope,
    permissions: [...new Set(input.permissions)],
  });
  return toRoleView((await repo.findRole(ctx.agencyId, id))!);
}

async function editableRole(ctx: RequestContext, roleId: string): Promise<repo.RoleRecord> {
  const role = await repo.findRole(ctx.agencyId, roleId);
  const inScope =
    role && (ctx.subAccountId ? role.subAccountId === ctx.subAccountId : role.subAccountId === null);
  if (!role || !inScope) throw notFound('Role');
  if (role.isBuiltin) throw conflict('Built-in roles cannot be changed; create a custom role instead');
  return role;
}

export async function updateRole(
  ctx: RequestContext,
  roleId: string,
  input: UpdateRoleInput,
): Promise<RoleView> {
  requirePermission(ctx, 'roles:update');
  const role = await editableRole(ctx, roleId);
  if (input.permissions) {
    checkRolePermissions(ctx, role.scope, input.permissions);
    await repo.setRolePermissions(ctx.agencyId, roleId, [...new Set(input.permissions)]);
  }
  await repo.updateRole(ctx.agencyId, roleId, { name: input.name, description: input.description });
  return toRoleView((await repo.findRole(ctx.agencyId, roleId))!);
}

export async function deleteRole(ctx: RequestContext, roleId: string): Promise<void> {
  requirePermission(ctx, 'roles:delete');
  await editableRole(ctx, roleId);
  try {
    await repo.deleteRole(ctx.agencyId, roleId);
  } catch (error) {
    // The foreign keys from memberships, invitations and API keys keep a role in use from going.
    if (sqlState(error) === FOREIGN_KEY_VIOLATION) {
      throw conflict(
        'This role is still given to people, invitations or API keys; move them to another role first',
      );
    }
    throw error;
  }
}

// Users (memberships)

export async function listUsers(ctx: RequestContext): Promise<Page<MembershipView>> {
  requirePermission(ctx, 'users:read');
  const rows = ctx.subAccountId
    ? await repo.listSubAccountMembers(ctx.subAccountId)
    : await repo.listAgencyMembers(ctx.agencyId);
  return { items: rows.map(toMembershipView), nextCursor: null };
}

async function membershipOrThrow(ctx: RequestContext, membershipId: string): Promise<repo.MembershipRecord> {
  const rows = ctx.subAccountId
    ? await repo.listSubAccountMembers(ctx.subAccountId)
    : await repo.listAgencyMembers(ctx.agencyId);
  const membership = rows.find((m) => m.id === membershipId);
  if (!membership) throw notFound('User');
  return membership;
}

async function keepAnOwner(ctx: RequestContext, membership: repo.MembershipRecord): Promise<void> {
  if (ctx.subAccountId || membership.roleKey !== 'agency_owner') return;
  if ((await repo.otherOwners(ctx.agencyId, membership.id)) === 0) {
    throw conflict('An agency needs at least one active owner; make someone else owner first');
  }
}

/**
 * One may change or remove only people whose permissions here are all within one's own: an
 * administrator cannot demote, suspend or remove an owner who holds more than they do.
 */
async function requireNotStronger(ctx: RequestContext, membership: repo.MembershipRecord): Promise<void> {
  const role = await repo.findRole(ctx.agencyId, membership.roleId);
  // What the membership gives by itself: its role's, plus grants, minus revocations.
  const theirs = effectivePermissions({
    isPlatformAdmin: false,
    agencyRole: null,
    membership: {
      role: role?.permissions ?? [],
      granted: membership.grantedPermissions,
      revoked: membership.revokedPermissions,
    },
  });
  const beyond = [...theirs].filter((p) => !ctx.permissions.has(p));
  if (beyond.length > 0) {
    throw forbidden(
      `${membership.name} holds permissions you do not have (${beyond.slice(0, 5).join(', ')}); ` +
        'only someone who holds all of them can change or remove this person',
    );
  }
}

export async function updateUser(
  ctx: RequestContext,
  membershipId: string,
  input: UpdateMembershipInput,
): Promise<MembershipView> {
  requirePermission(ctx, 'users:update');
  const membership = await membershipOrThrow(ctx, membershipId);
  if (ctx.userId !== undefined && membership.userId === ctx.userId) {
    throw forbidden('You cannot change your own role, permissions or status; ask another administrator');
  }
  await requireNotStronger(ctx, membership);
  if (input.roleId) await assignableRole(ctx, input.roleId);
  if ((input.roleId && input.roleId !== membership.roleId) || input.status === 'suspended')
    await keepAnOwner(ctx, membership);
  if (!ctx.subAccountId && (input.grantedPermissions || input.revokedPermissions)) {
    throw invalid(
      'grantedPermissions',
      'per-person permissions apply to sub-account users; give agency staff a role instead',
    );
  }
  if (input.grantedPermissions) requireWithin(ctx, input.grantedPermissions);
  if (input.revokedPermissions) {
    // Lifting a revocation hands the permission back: it is a grant like any other.
    const kept = new Set<string>(input.revokedPermissions);
    requireWithin(
      ctx,
      membership.revokedPermissions.filter((p) => !kept.has(p)),
    );
  }
  await repo.updateMembership(ctx, membershipId, input);
  return toMembershipView(await membershipOrThrow(ctx, membershipId));
}

export async function removeUser(ctx: RequestContext, membershipId: string): Promise<void> {
  requirePermission(ctx, 'users:delete');
  const membership = await membershipOrThrow(ctx, membershipId);
  await requireNotStronger(ctx, membership);
  await keepAnOwner(ctx, membership);
  await repo.deleteMembership(ctx, membershipId);
  await recordEvent({
    type: 'users.removed',
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    actorUserId: ctx.userId,
    payload: { userId: membership.userId, membershipId },
  });
}

// Invitations

export async function invite(ctx: RequestContext, input: CreateInvitationInput): Promise<InvitationView> {
  requirePermission(ctx, 'invitations:create');
  const role = await assignableRole(ctx, input.roleId);
  const token = randomToken();
  const invitation = await repo.insertInvitation({
    agencyId: ctx.agencyId,
    id: newId(),
    subAccountId: ctx.subAccountId ?? null,
    email: input.email.toLowerCase(),
    roleId: role.id,
    tokenHash: sha256(token),
    invitedByUserId: ctx.userId ?? null,
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000),
  });
  const names = await namesOf({
    agencyIds: [ctx.agencyId],
    subAccountIds: ctx.subAccountId ? [ctx.subAccountId] : [],
  });
  const place =
    (ctx.subAccountId && names.subAccounts.get(ctx.subAccountId)?.name) ||
    names.agencies.get(ctx.agencyId) ||
    'OpenLevel';
  const inviter = ctx.principal.kind === 'user' ? ctx.principal.name : 'An administrator';
  const link = publicLink(`/invite/${token}`);
  await queueEmail({
    sender: { agencyId: ctx.agencyId, subAccountId: ctx.subAccountId },
    to: invitation.email,
    subject: `You're invited to join ${place} on OpenLevel`,
    text: `${inviter} invited you to join ${place} as ${role.name}.\n\nAccept the invitation within ${INVITATION_DAYS} days:\n${link}\n`,
    html: `<p>${escapeHtml(inviter)} invited you to join <strong>${escapeHtml(place)}</strong> as ${escapeHtml(role.name)}.</p><p><a href="${link}">Accept the invitation</a> (valid for ${INVITATION_DAYS} days)</p>`,
    idempotencyKey: `invitation:${invitation.id}`,
  });
  await recordEvent({
    type: 'users.invited',
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    actorUserId: ctx.userId,
    payload: { invitationId: invitation.id, email: invitation.email, roleId: role.id },
  });
  return toInvitationView(invitation, role.name);
}

export async function listInvitations(
  ctx: RequestContext,
  page: { limit: number; cursor?: string | undefined },
) {
  requirePermission(ctx, 'invitations:read');
  return newestFirst(
    page,
    (query) => repo.listInvitations({ agencyId: ctx.agencyId, subAccountId: ctx.subAccountId, ...query }),
    (r) => r.invitation.id,
    (r) => toInvitationView(r.invitation, r.roleName),
  );
}

export async function revokeInvitation(ctx: RequestContext, invitationId: string): Promise<InvitationView> {
  requirePermission(ctx, 'invitations:delete');
  const invitation = await repo.revokeInvitation(ctx.agencyId, ctx.subAccountId, invitationId);
  if (!invitation) throw notFound('Invitation');
  const role = await repo.findRole(ctx.agencyId, invitation.roleId);
  return toInvitationView(invitation, role?.name ?? '');
}

async function pendingInvitation(token: string) {
  const found = await repo.findInvitationByTokenHash(sha256(token));
  if (!found) throw notFound('Invitation (the link is not valid)');
  const status = invitationStatus(found.invitation);
  if (status !== 'pending') throw new AppError('conflict', `This invitation is ${status}; ask for a new one`);
  return found;
}

export async function previewInvitation(token: string) {
  return withSystem(async () => {
    const { invitation, roleName } = await pendingInvitation(token);
    const names = await namesOf({
      agencyIds: [invitation.agencyId],
      subAccountIds: invitation.subAccountId ? [invitation.subAccountId] : [],
    });
    const userExists = (await findUserByEmail(invitation.email)) !== undefined;
    return {
      email: invitation.email,
      agencyName: names.agencies.get(invitation.agencyId) ?? '',
      subAccountName: invitation.subAccountId
        ? (names.subAccounts.get(invitation.subAccountId)?.name ?? null)
        : null,
      roleName,
      userExists,
      expiresAt: iso(invitation.expiresAt),
    };
  });
}

/**
 * Accepting creates the user when the email is new (name and password required) or links the
 * existing one, adds the membership, and logs the person in. A logged-in person may accept only
 * an invitation sent to their own email.
 */
export async function acceptInvitation(
  token: string,
  input: AcceptInvitationInput & { principal: Principal | null; ip: string; userAgent: string | undefined },
) {
  return withSystem(async () => {
    const { invitation } = await pendingInvitation(token);
    const invitedEmail = invitation.email.toLowerCase();
    if (input.principal?.kind === 'user' && input.principal.email.toLowerCase() !== invitedEmail) {
      throw forbidden(`This invitation is for ${invitation.email}; log out and open the link again`);
    }
    // Only the invited person's own session proves who they are; an API key, whoever holds it,
    // proves nothing about the invitee, so anything else needs the account's password.
    const signedInAsInvitee = input.principal?.kind === 'user';
    const existing = await findUserByEmail(invitation.email);
    if (!existing) {
      // A new account always gets a password, or nobody could ever sign in to it again.
      if (!input.name) throw invalid('name', 'is required to create your account');
      if (!input.password) throw invalid('password', 'is required to create your account');
      checkPasswordRules(input.password);
    }
    const { user } = await ensureUser({
      email: invitation.email,
      name: input.name ?? invitation.email,
      password: input.password,
    });
    if (existing && !signedInAsInvitee) {
      // An existing account proves itself with its password, or the link alone would be a login.
      if (!input.password || !(await checkUserPassword(user.id, input.password))) {
        throw invalid('password', 'enter the password of your existing account to accept');
      }
    }
    if (invitation.subAccountId) {
      await repo.upsertSubAccountMembership({
        agencyId: invitation.agencyId,
        subAccountId: invitation.subAccountId,
        userId: user.id,
        roleId: invitation.roleId,
      });
    } else {
      await repo.upsertAgencyMembership({
        agencyId: invitation.agencyId,
        userId: user.id,
        roleId: invitation.roleId,
      });
    }
    if (!(await repo.markInvitationAccepted(invitation.agencyId, invitation.id, user.id))) {
      throw conflict('This invitation was just accepted or revoked');
    }
    await recordEvent({
      type: 'users.joined',
      agencyId: invitation.agencyId,
      subAccountId: invitation.subAccountId ?? undefined,
      actorUserId: user.id,
      payload: { userId: user.id, invitationId: invitation.id },
    });
    return startSession(user, input.ip, input.userAgent);
  });
}

/**
 * Where this person holds a permission: the agencies whose agency role grants it (and so every
 * sub-account of them) and the sub-accounts whose own membership does. For platform-wide views
 * filtered by tenant, such as the Dev Outbox.
 */
export async function tenantsWherePermitted(
  userId: string,
  permission: Permission,
): Promise<{ agencyIds: string[]; subAccountIds: string[] }> {
  return withSystem(async () => {
    const { agencyRows, subAccountRows } = await repo.membershipsOfUser(userId);
    const agencyRole = new Map(agencyRows.map((r) => [r.agencyId, r.permissions]));
    return {
      agencyIds: agencyRows.filter((r) => r.permissions.includes(permission)).map((r) => r.agencyId),
      subAccountIds: subAccountRows
        .filter((r) =>
          effectivePermissions({
            isPlatformAdmin: false,
            agencyRole: agencyRole.get(r.agencyId) ?? null,
            membership: { role: r.permissions, granted: r.granted, revoked: r.revoked },
          }).has(permission),
        )
        .map((r) => r.subAccountId),
    };
  });
}

// Who am I

const sorted = (permissions: Set<string>) => [...permissions].sort();

/**
 * The person, and what they hold in each agency and sub-account they reach, computed by the rule
 * request scoping applies (effectivePermissions), so the dashboard shows what the API will allow.
 */
export async function me(principal: Principal): Promise<MeView> {
  if (principal.kind !== 'user') throw forbidden('API keys have no profile; use the scoped endpoints');
  return withSystem(async () => {
    const { agencyRows, subAccountRows } = await repo.membershipsOfUser(principal.userId);
    const names = await namesOf({
      agencyIds: agencyRows.map((r) => r.agencyId),
      subAccountIds: subAccountRows.map((r) => r.subAccountId),
    });
    const user: PublicUser = {
      id: principal.userId,
      email: principal.email,
      name: principal.name,
      isPlatformAdmin: principal.isPlatformAdmin,
    };
    const { isPlatformAdmin } = principal;
    const agencyRole = new Map(agencyRows.map((r) => [r.agencyId, r.permissions]));
    return {
      user,
      permissionsEverywhere: sorted(effectivePermissions({ isPlatformAdmin, agencyRole: null })),
      agencies: agencyRows.map((r) => ({
        id: r.agencyId,
        name: names.agencies.get(r.agencyId) ?? '',
        role: { id: r.roleId, key: r.roleKey, name: r.roleName },
        permissions: sorted(effectivePermissions({ isPlatformAdmin, agencyRole: r.permissions })),
        subAccountPermissions: sorted(
          effectivePermissions({ isPlatformAdmin, agencyRole: r.permissions, membership: null }),
        ),
      })),
      subAccounts: subAccountRows
        .filter((r) => names.subAccounts.get(r.subAccountId)?.deletedAt === null)
        .map((r) => ({
          id: r.subAccountId,
          name: names.subAccounts.get(r.subAccountId)?.name ?? '',
          agencyId: r.agencyId,
          role: { id: r.roleId, key: r.roleKey, name: r.roleName },
          permissions: sorted(
            effectivePermissions({
              isPlatformAdmin,
              agencyRole: agencyRole.get(r.agencyId) ?? null,
              membership: { role: r.permissions, granted: r.granted, revoked: r.revoked },
            }),
          ),
        })),
    };
  });
}

/**
 * Which of these user ids may work in the context's sub-account (for assignees, followers and the
 * like): active agency staff or active members of the sub-account. Runs in the caller's transaction.
 */
export async function usersWithAccess(ctx: RequestContext, userIds: string[]): Promise<Set<string>> {
  if (!ctx.subAccountId) throw new Error('usersWithAccess needs a sub-account context');
  return new Set(
    await repo.usersWithAccess({
      agencyId: ctx.agencyId,
      subAccountId: ctx.subAccountId,
      userIds: [...new Set(userIds)],
    }),
  );
}

/**
 * Body fields naming people who will work on a record in the context's sub-account, each with the
 * user id (assignee) or ids (followers) it names: `{ assignedUserId, followerUserIds }`. Absent,
 * null and empty mean nobody.
 */
export type TeamReferences = Record<string, string | null | undefined | readonly string[]>;

/** The refusal for a user who cannot work in the sub-account, whether another agency's or nobody's. */
export const notOnTeam = (field: string, userId?: string) =>
  invalid(field, `${userId ? `${userId} ` : ''}is not a user of this sub-account; pick someone on its team`);

/**
 * Refuses assignees, followers and the like who cannot work in the context's sub-account (see
 * usersWithAccess), naming the first field, in the order given, that holds one: the one check
 * every record with people on it (contacts, opportunities, tasks, team members) makes. One query.
 */
export async function requireOnTeam(ctx: SubAccountContext, references: TeamReferences): Promise<void> {
  const named = Object.entries(references).flatMap(([field, value]) =>
    value === null || value === undefined
      ? []
      : typeof value === 'string'
        ? [{ field, ids: [value], many: false }]
        : [{ field, ids: [...value], many: true }],
  );
  const ids = named.flatMap((n) => n.ids);
  if (ids.length === 0) return;
  const allowed = await usersWithAccess(ctx, ids);
  for (const { field, ids: given, many } of named) {
    const stranger = given.find((id) => !allowed.has(id));
    if (stranger) throw notOnTeam(field, many ? stranger : undefined);
  }
}
