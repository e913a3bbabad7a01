import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { subAccounts } from '../agencies/agency.tables.ts';

/**
 * Custom field definitions per sub-account and object type (contacts now, opportunities next):
 * values live in the object's `custom_fields` JSONB under the definition's key and are validated
 * against these on every write. `filterable` fields get a typed expression index.
 */
export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    objectType: text('object_type').notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    isUnique: boolean('is_unique').notNull().default(false),
    defaultValue: jsonb('default_value'),
    groupName: text('group_name'),
    position: integer('position').notNull().default(0),
    filterable: boolean('filterable').notNull().default(false),
    /** Name of the expression index that serves filters and sorts on this field, once built. */
    indexName: text('index_name'),
    deletedAt: timestamptz('deleted_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'custom_field_definitions_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'custom_field_definitions_sub_account_fk',
      columns: [t.subAccountId],
      foreignColumns: [subAccounts.id],
    }),
    uniqueIndex('custom_field_definitions_key_key')
      .on(t.subAccountId, t.objectType, t.key)
      .where(sql`${t.deletedAt} is null`),
    index('custom_field_definitions_position_idx').on(t.subAccountId, t.objectType, t.position),
    check('custom_field_definitions_object_type_check', sql`${t.objectType} in ('contact', 'opportunity')`),
    check('custom_field_definitions_key_check', sql`${t.key} ~ '^[a-z][a-z0-9_]{0,62}$'`),
    check(
      'custom_field_definitions_type_check',
      sql`${t.type} in ('text', 'long_text', 'number', 'money', 'date', 'datetime', 'boolean', 'single_select', 'multi_select', 'phone', 'email', 'url')`,
    ),
  ],
);
