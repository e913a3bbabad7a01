import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { userNamesView } from '../identity/index.ts';
import {
  agencyMemberships,
  invitations,
  permissions,
  rolePermissions,
  roles,
  subAccountMemberships,
} from './access.tables.ts';

export type RoleRecord = typeof roles.$inferSelect & { permissions: string[] };
export type InvitationRecord = typeof invitations.$inferSelect;

const rolePermissionList = sql<string[]>`coalesce((
  select array_agg(rp.permission_key order by rp.permission_key) from role_permissions rp
   where rp.agency_id = ${roles.agencyId} and rp.role_id = ${roles.id}), '{}'::text[])`;

/** A role with its permissions, as every role read returns it. */
const roleColumns = { ...getTableColumns(roles), permissions: rolePermissionList };

export async function upsertPermissions(
  rows: { key: string; resource: string; action: string; description: string }[],
) {
  await tx().insert(permissions).values(rows).onConflictDoNothing();
}

export async function insertRole(values: {
  agencyId: string;
  subAccountId?: string | null;
  key?: string | null;
  name: string;
  description: string;
  scope: 'agency' | 'sub_account';
  isBuiltin?: boolean;
  permissions: string[];
}): Promise<string> {
  const id = newId();
  const { permissions: keys, ...role } = values;
  await tx()
    .insert(roles)
    .values({ id, ...role });
  await setRolePermissions(values.agencyId, id, keys);
  return id;
}

export async function setRolePermissions(agencyId: string, roleId: string, keys: string[]): Promise<void> {
  await tx()
    .delete(rolePermissions)
    .where(and(eq(rolePermissions.agencyId, agencyId), eq(rolePermissions.roleId, roleId)));
  if (keys.length > 0) {
    await tx()
      .insert(rolePermissions)
      .values(keys.map((permissionKey) => ({ agencyId, roleId, permissionKey })));
  }
}

/** Roles visible in a scope: the agency's own roles, or those assignable in one sub-account. */
export async function listRoles(agencyId: string, subAccountId: string | undefined): Promise<RoleRecord[]> {
  const where: SQL[] = [eq(roles.agencyId, agencyId)];
  where.push(
    subAccountId
      ? and(
          eq(roles.scope, 'sub_account'),
          or(isNull(roles.subAccountId), eq(roles.subAccountId, subAccountId)),
        )!
      : isNull(roles.subAccountId),
  );
  return tx()
    .select(roleColumns)
    .from(roles)
    .where(and(...where))
    .orderBy(desc(roles.isBuiltin), asc(roles.scope), asc(roles.name));
}

export async function findRole(agencyId: string, roleId: string): Promise<RoleRecord | undefined> {
  const [row] = await tx()
    .select(roleColumns)
    .from(roles)
    .where(and(eq(roles.agencyId, agencyId), eq(roles.id, roleId)));
  return row;
}

export async function findRoleByKey(agencyId: string, key: string): Promise<RoleRecord | undefined> {
  const [row] = await tx()
    .select({ id: roles.id })
    .from(roles)
    .where(and(eq(roles.agencyId, agencyId), eq(roles.key, key)));
  return row ? findRole(agencyId, row.id) : undefined;
}

export async function updateRole(
  agencyId: string,
  roleId: string,
  values: { name?: string | undefined; description?: string | undefined },
) {
  const changes = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0) return;
  await tx()
    .update(roles)
    .set(changes)
    .where(and(eq(roles.agencyId, agencyId), eq(roles.id, roleId)));
}

export async function deleteRole(agencyId: string, roleId: string): Promise<void> {
  await tx()
    .delete(roles)
    .where(and(eq(roles.agencyId, agencyId), eq(roles.id, roleId)));
}

export type MembershipRecord = {
  id: string;
  userId: string;
  email: string;
  name: string;
  roleId: string;
  roleKey: string | null;
  roleName: string;
  status: string;
  /** The permissions of the membership's role. */
  rolePermissions: string[];
  grantedPermissions: string[];
  revokedPermissions: string[];
  createdAt: Date;
};

/** The permissions of a membership's role, read with the membership (one statement for a page). */
const permissionsOfRole = (agencyId: SQL | typeof roles.agencyId, roleId: SQL | typeof roles.id) =>
  sql<string[]>`array(select ${rolePermissions.permissionKey} from ${rolePermissions}
                       where ${rolePermissions.agencyId} = ${agencyId} and ${rolePermissions.roleId} = ${roleId}
                       order by 1)`;

const membershipPage = 500;

export async function listAgencyMembers(agencyId: string): Promise<MembershipRecord[]> {
  return tx()
    .select({
      id: agencyMemberships.id,
      userId: agencyMemberships.userId,
      email: userNamesView.email,
      name: userNamesView.name,
      roleId: agencyMemberships.roleId,
      roleKey: roles.key,
      roleName: roles.name,
      status: agencyMemberships.status,
      rolePermissions: permissionsOfRole(roles.agencyId, roles.id),
      grantedPermissions: sql<string[]>`'{}'::text[]`,
      revokedPermissions: sql<string[]>`'{}'::text[]`,
      createdAt: agencyMemberships.createdAt,
    })
    .from(agencyMemberships)
    .innerJoin(userNamesView, eq(userNamesView.id, agencyMemberships.userId))
    .innerJoin(
      roles,
      and(eq(roles.agencyId, agencyMemberships.agencyId), eq(roles.id, agencyMemberships.roleId)),
    )
    .where(eq(agencyMemberships.agencyId, agencyId))
    .orderBy(asc(userNamesView.name))
    .limit(membershipPage);
}

export async function listSubAccountMembers(subAccountId: string): Promise<MembershipRecord[]> {
  return tx()
    .select({
      id: subAccountMemberships.id,
      userId: subAccountMemberships.userId,
      email: userNamesView.email,
      name: userNamesView.name,
      roleId: subAccountMemberships.roleId,
      roleKey: roles.key,
      roleName: roles.name,
      status: subAccountMemberships.status,
      rolePermissions: permissionsOfRole(roles.agencyId, roles.id),
      grantedPermissions: subAccountMemberships.grantedPermissions,
      revokedPermissions: subAccountMemberships.revokedPermissions,
      createdAt: subAccountMemberships.createdAt,
    })
    .from(subAccountMemberships)
    .innerJoin(userNamesView, eq(userNamesView.id, subAccountMemberships.userId))
    .innerJoin(
      roles,
      and(eq(roles.agencyId, subAccountMemberships.agencyId), eq(roles.id, subAccountMemberships.roleId)),
    )
    .where(eq(subAccountMemberships.subAccountId, subAccountId))
    .orderBy(asc(userNamesView.name))
    .limit(membershipPage);
}

export async function upsertAgencyMembership(input: { agencyId: string; userId: string; roleId: string }) {
  await tx()
    .insert(agencyMemberships)
    .values({ id: newId(), ...input })
    .onConflictDoUpdate({
      target: [agencyMemberships.agencyId, agencyMemberships.userId],
      set: { roleId: input.roleId, status: 'active' },
    });
}

export async function upsertSubAccountMembership(input: {
  agencyId: string;
  subAccountId: string;
  userId: string;
  roleId: string;
}) {
  await tx()
    .insert(subAccountMemberships)
    .values({ id: newId(), ...input })
    .onConflictDoUpdate({
      target: [subAccountMemberships.subAccountId, subAccountMemberships.userId],
      set: { roleId: input.roleId, status: 'active' },
    });
}

export type MembershipChange = {
  roleId?: string | undefined;
  status?: 'active' | 'suspended' | undefined;
  grantedPermissions?: string[] | undefined;
  revokedPermissions?: string[] | undefined;
};

/** Whose memberships: the agency's staff, or one sub-account's users. */
export type MembershipScope = { agencyId: string; subAccountId?: string | undefined };

function membershipTarget(scope: MembershipScope, id: string) {
  return scope.subAccountId
    ? {
        table: subAccountMemberships,
        where: and(
          eq(subAccountMemberships.subAccountId, scope.subAccountId),
          eq(subAccountMemberships.id, id),
        ),
      }
    : {
        table: agencyMemberships,
        where: and(eq(agencyMemberships.agencyId, scope.agencyId), eq(agencyMemberships.id, id)),
      };
}

export async function updateMembership(
  scope: MembershipScope,
  id: string,
  change: MembershipChange,
): Promise<void> {
  const changes = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
  // An empty change is a no-op; Drizzle cannot build an UPDATE without a SET list.
  if (Object.keys(changes).length === 0) return;
  const { table, where } = membershipTarget(scope, id);
  await tx().update(table).set(changes).where(where);
}

export async function deleteMembership(scope: MembershipScope, id: string): Promise<void> {
  const { table, where } = membershipTarget(scope, id);
  await tx().delete(table).where(where);
}

/** Active agency owners other than the given membership: the last one may not be removed. */
export async function otherOwners(agencyId: string, exceptMembershipId: string): Promise<number> {
  const [row] = await tx()
    .select({ n: sql<number>`count(*)::int` })
    .from(agencyMemberships)
    .innerJoin(
      roles,
      and(eq(roles.agencyId, agencyMemberships.agencyId), eq(roles.id, agencyMemberships.roleId)),
    )
    .where(
      and(
        eq(agencyMemberships.agencyId, agencyId),
        eq(roles.key, 'agency_owner'),
        eq(agencyMemberships.status, 'active'),
        sql`${agencyMemberships.id} <> ${exceptMembershipId}`,
      ),
    );
  return Number(row?.n ?? 0);
}

export async function findAgencyMembership(agencyId: string, id: string) {
  const [row] = await tx()
    .select({ id: agencyMemberships.id, roleKey: roles.key, userId: agencyMemberships.userId })
    .from(agencyMemberships)
    .innerJoin(
      roles,
      and(eq(roles.agencyId, agencyMemberships.agencyId), eq(roles.id, agencyMemberships.roleId)),
    )
    .where(and(eq(agencyMemberships.agencyId, agencyId), eq(agencyMemberships.id, id)));
  return row;
}

// Invitations

export async function insertInvitation(values: typeof invitations.$inferInsert): Promise<InvitationRecord> {
  const [row] = await tx().insert(invitations).values(values).returning();
  return row!;
}

export async function listInvitations(input: {
  agencyId: string;
  subAccountId: string | undefined;
  before?: string | undefined;
  limit: number;
}) {
  const where: SQL[] = [eq(invitations.agencyId, input.agencyId)];
  where.push(
    input.subAccountId ? eq(invitations.subAccountId, input.subAccountId) : isNull(invitations.subAccountId),
  );
  if (input.before) where.push(lt(invitations.id, input.before));
  return tx()
    .select({ invitation: invitations, roleName: roles.name })
    .from(invitations)
    .innerJoin(roles, and(eq(roles.agencyId, invitations.agencyId), eq(roles.id, invitations.roleId)))
    .where(and(...where))
    .orderBy(desc(invitations.id))
    .limit(input.limit + 1);
}

export async function revokeInvitation(agencyId: string, subAccountId: string | undefined, id: string) {
  const [row] = await tx()
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(invitations.agencyId, agencyId),
        eq(invitations.id, id),
        subAccountId ? eq(invitations.subAccountId, subAccountId) : isNull(invitations.subAccountId),
      ),
    )
    .returning();
  return row;
}

export async function findInvitationByTokenHash(tokenHash: string) {
  const [row] = await tx()
    .select({ invitation: invitations, roleName: roles.name, roleScope: roles.scope })
    .from(invitations)
    .innerJoin(roles, and(eq(roles.agencyId, invitations.agencyId), eq(roles.id, invitations.roleId)))
    .where(eq(invitations.tokenHash, tokenHash));
  return row;
}

export async function markInvitationAccepted(agencyId: string, id: string, userId: string): Promise<boolean> {
  const rows = await tx()
    .update(invitations)
    .set({ acceptedAt: sql`now()`, acceptedUserId: userId })
    .where(
      and(
        eq(invitations.agencyId, agencyId),
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        sql`${invitations.expiresAt} > now()`,
      ),
    )
    .returning({ id: invitations.id });
  return rows.length === 1;
}

// Where a user belongs (system context: spans tenants)

export async function membershipsOfUser(userId: string) {
  const agencyRows = await tx()
    .select({
      agencyId: agencyMemberships.agencyId,
      roleId: roles.id,
      roleKey: roles.key,
      roleName: roles.name,
      permissions: rolePermissionList,
    })
    .from(agencyMemberships)
    .innerJoin(
      roles,
      and(eq(roles.agencyId, agencyMemberships.agencyId), eq(roles.id, agencyMemberships.roleId)),
    )
    .where(and(eq(agencyMemberships.userId, userId), eq(agencyMemberships.status, 'active')));
  const subAccountRows = await tx()
    .select({
      agencyId: subAccountMemberships.agencyId,
      subAccountId: subAccountMemberships.subAccountId,
      roleId: roles.id,
      roleKey: roles.key,
      roleName: roles.name,
      permissions: rolePermissionList,
      granted: subAccountMemberships.grantedPermissions,
      revoked: subAccountMemberships.revokedPermissions,
    })
    .from(subAccountMemberships)
    .innerJoin(
      roles,
      and(eq(roles.agencyId, subAccountMemberships.agencyId), eq(roles.id, subAccountMemberships.roleId)),
    )
    .where(and(eq(subAccountMemberships.userId, userId), eq(subAccountMemberships.status, 'active')));
  return { agencyRows, subAccountRows };
}

export async function usersByIds(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx()
    .select({ id: userNamesView.id, name: userNamesView.name })
    .from(userNamesView)
    .where(inArray(userNamesView.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Of these users, those active in the agency (staff reach every sub-account) or in the sub-account. */
export async function usersWithAccess(input: {
  agencyId: string;
  subAccountId: string;
  userIds: string[];
}): Promise<string[]> {
  if (input.userIds.length === 0) return [];
  const agencyRows = await tx()
    .select({ userId: agencyMemberships.userId })
    .from(agencyMemberships)
    .where(
      and(
        eq(agencyMemberships.agencyId, input.agencyId),
        inArray(agencyMemberships.userId, input.userIds),
        eq(agencyMemberships.status, 'active'),
      ),
    );
  const subRows = await tx()
    .select({ userId: subAccountMemberships.userId })
    .from(subAccountMemberships)
    .where(
      and(
        eq(subAccountMemberships.subAccountId, input.subAccountId),
        inArray(subAccountMemberships.userId, input.userIds),
        eq(subAccountMemberships.status, 'active'),
      ),
    );
  return [...new Set([...agencyRows, ...subRows].map((r) => r.userId))];
}
