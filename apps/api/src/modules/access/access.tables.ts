import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { citext, idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { agencies, subAccounts } from '../agencies/agency.tables.ts';
import { users } from '../identity/identity.tables.ts';

/** The global catalogue of `resource:action` permissions (seed 002's actions). */
export const permissions = pgTable(
  'permissions',
  {
    key: text('key').primaryKey(),
    resource: text('resource').notNull(),
    action: text('action').notNull(),
    description: text('description').notNull(),
    ...timestamps,
  },
  (t) => [
    check('permissions_action_check', sql`${t.action} in ('create', 'read', 'update', 'delete', 'approve')`),
    check('permissions_key_check', sql`${t.key} = ${t.resource} || ':' || ${t.action}`),
  ],
);

/**
 * Named sets of permissions. Built-in roles are copied into every agency when it is created
 * (is_builtin, not editable); custom roles belong to the agency, optionally to one sub-account.
 */
export const roles = pgTable(
  'roles',
  {
    agencyId: uuid('agency_id').notNull(),
    id: idColumn(),
    subAccountId: uuid('sub_account_id'),
    key: text('key'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    scope: text('scope').notNull(),
    isBuiltin: boolean('is_builtin').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'roles_pkey', columns: [t.agencyId, t.id] }),
    unique('roles_agency_key_key').on(t.agencyId, t.key),
    foreignKey({ name: 'roles_agency_fk', columns: [t.agencyId], foreignColumns: [agencies.id] }),
    foreignKey({
      name: 'roles_sub_account_fk',
      columns: [t.agencyId, t.subAccountId],
      foreignColumns: [subAccounts.agencyId, subAccounts.id],
    }).onDelete('cascade'),
    index('roles_sub_account_idx').on(t.agencyId, t.subAccountId),
    check('roles_scope_check', sql`${t.scope} in ('agency', 'sub_account')`),
  ],
);

export const rolePermissions = pgTable(
  'role_permissions',
  {
    agencyId: uuid('agency_id').notNull(),
    roleId: uuid('role_id').notNull(),
    permissionKey: text('permission_key')
      .notNull()
      .references(() => permissions.key),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'role_permissions_pkey', columns: [t.agencyId, t.roleId, t.permissionKey] }),
    foreignKey({
      name: 'role_permissions_role_fk',
      columns: [t.agencyId, t.roleId],
      foreignColumns: [roles.agencyId, roles.id],
    }).onDelete('cascade'),
    index('role_permissions_permission_idx').on(t.permissionKey),
  ],
);

/** Agency staff: reach the agency and every one of its sub-accounts through their role. */
export const agencyMemberships = pgTable(
  'agency_memberships',
  {
    agencyId: uuid('agency_id').notNull(),
    id: idColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roleId: uuid('role_id').notNull(),
    status: text('status').notNull().default('active'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'agency_memberships_pkey', columns: [t.agencyId, t.id] }),
    unique('agency_memberships_agency_user_key').on(t.agencyId, t.userId),
    foreignKey({
      name: 'agency_memberships_agency_fk',
      columns: [t.agencyId],
      foreignColumns: [agencies.id],
    }),
    foreignKey({
      name: 'agency_memberships_role_fk',
      columns: [t.agencyId, t.roleId],
      foreignColumns: [roles.agencyId, roles.id],
    }),
    index('agency_memberships_user_idx').on(t.userId),
    index('agency_memberships_role_idx').on(t.agencyId, t.roleId),
    check('agency_memberships_status_check', sql`${t.status} in ('active', 'suspended')`),
  ],
);

/** Sub-account staff, with per-membership granted and revoked permissions (seed 002). */
export const subAccountMemberships = pgTable(
  'sub_account_memberships',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    agencyId: uuid('agency_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roleId: uuid('role_id').notNull(),
    grantedPermissions: text('granted_permissions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    revokedPermissions: text('revoked_permissions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status').notNull().default('active'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'sub_account_memberships_pkey', columns: [t.subAccountId, t.id] }),
    unique('sub_account_memberships_user_key').on(t.subAccountId, t.userId),
    foreignKey({
      name: 'sub_account_memberships_sub_account_fk',
      columns: [t.agencyId, t.subAccountId],
      foreignColumns: [subAccounts.agencyId, subAccounts.id],
    }),
    foreignKey({
      name: 'sub_account_memberships_role_fk',
      columns: [t.agencyId, t.roleId],
      foreignColumns: [roles.agencyId, roles.id],
    }),
    index('sub_account_memberships_user_idx').on(t.userId),
    index('sub_account_memberships_agency_sub_idx').on(t.agencyId, t.subAccountId),
    index('sub_account_memberships_role_idx').on(t.agencyId, t.roleId),
    check('sub_account_memberships_status_check', sql`${t.status} in ('active', 'suspended')`),
  ],
);

/** An emailed invitation to join an agency or one of its sub-accounts with a role. */
export const invitations = pgTable(
  'invitations',
  {
    agencyId: uuid('agency_id').notNull(),
    id: idColumn(),
    subAccountId: uuid('sub_account_id'),
    email: citext('email').notNull(),
    roleId: uuid('role_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    acceptedUserId: uuid('accepted_user_id').references(() => users.id),
    revokedAt: timestamptz('revoked_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'invitations_pkey', columns: [t.agencyId, t.id] }),
    foreignKey({ name: 'invitations_agency_fk', columns: [t.agencyId], foreignColumns: [agencies.id] }),
    foreignKey({
      name: 'invitations_sub_account_fk',
      columns: [t.agencyId, t.subAccountId],
      foreignColumns: [subAccounts.agencyId, subAccounts.id],
    }),
    foreignKey({
      name: 'invitations_role_fk',
      columns: [t.agencyId, t.roleId],
      foreignColumns: [roles.agencyId, roles.id],
    }),
    // Not unique: a constraint would have to include agency_id, and 256-bit tokens do not collide.
    index('invitations_token_hash_idx').on(t.tokenHash),
    index('invitations_sub_account_idx').on(t.agencyId, t.subAccountId),
    index('invitations_role_idx').on(t.agencyId, t.roleId),
    index('invitations_invited_by_idx').on(t.invitedByUserId),
    index('invitations_accepted_user_idx').on(t.acceptedUserId),
  ],
);
