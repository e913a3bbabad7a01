import { foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { agencies, subAccounts } from '../agencies/agency.tables.ts';
import { roles } from '../access/access.tables.ts';
import { users } from '../identity/identity.tables.ts';

/**
 * API keys for integrations: `olk_<prefix>_<secret>`, stored as the prefix (to find the row) and a
 * SHA-256 of the whole key. Limited by a role; agency-wide or bound to one sub-account.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    agencyId: uuid('agency_id').notNull(),
    id: idColumn(),
    subAccountId: uuid('sub_account_id'),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    roleId: uuid('role_id').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    lastUsedAt: timestamptz('last_used_at'),
    expiresAt: timestamptz('expires_at'),
    revokedAt: timestamptz('revoked_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'api_keys_pkey', columns: [t.agencyId, t.id] }),
    foreignKey({ name: 'api_keys_agency_fk', columns: [t.agencyId], foreignColumns: [agencies.id] }),
    foreignKey({
      name: 'api_keys_sub_account_fk',
      columns: [t.agencyId, t.subAccountId],
      foreignColumns: [subAccounts.agencyId, subAccounts.id],
    }),
    foreignKey({
      name: 'api_keys_role_fk',
      columns: [t.agencyId, t.roleId],
      foreignColumns: [roles.agencyId, roles.id],
    }),
    index('api_keys_prefix_idx').on(t.prefix),
    index('api_keys_sub_account_idx').on(t.agencyId, t.subAccountId),
    index('api_keys_role_idx').on(t.agencyId, t.roleId),
    index('api_keys_created_by_idx').on(t.createdByUserId),
  ],
);
