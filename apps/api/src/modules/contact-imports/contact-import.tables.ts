import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, timestamptz } from '../../platform/db/columns.ts';
import { subAccounts } from '../agencies/agency.tables.ts';
import { users } from '../identity/identity.tables.ts';

const bytea = customType<{ data: Buffer }>({
  dataType() {
    return 'bytea';
  },
});

/**
 * A CSV import: the mapping and duplicate policy chosen in the wizard, and its progress. The file
 * itself is kept in contact_import_chunks, so any worker process can read it and a crash loses
 * nothing: the job resumes from `processed_rows`.
 */
export const contactImports = pgTable(
  'contact_imports',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    id: idColumn(),
    fileName: text('file_name').notNull(),
    fileBytes: bigint('file_bytes', { mode: 'number' }).notNull().default(0),
    delimiter: text('delimiter'),
    headers: jsonb('headers').$type<string[]>().notNull().default([]),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    duplicatePolicy: text('duplicate_policy').notNull().default('skip'),
    status: text('status').notNull().default('uploaded'),
    totalRows: integer('total_rows'),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    tagIds: uuid('tag_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'contact_imports_pkey', columns: [t.subAccountId, t.id] }),
    foreignKey({
      name: 'contact_imports_sub_account_fk',
      columns: [t.subAccountId],
      foreignColumns: [subAccounts.id],
    }),
    index('contact_imports_created_by_idx').on(t.createdByUserId),
    check('contact_imports_policy_check', sql`${t.duplicatePolicy} in ('skip', 'update', 'create')`),
    check(
      'contact_imports_status_check',
      sql`${t.status} in ('uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled')`,
    ),
  ],
);

/** The uploaded file in order, in chunks of about 1 MB. */
export const contactImportChunks = pgTable(
  'contact_import_chunks',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'contact_import_chunks_pkey', columns: [t.subAccountId, t.importId, t.seq] }),
    foreignKey({
      name: 'contact_import_chunks_import_fk',
      columns: [t.subAccountId, t.importId],
      foreignColumns: [contactImports.subAccountId, contactImports.id],
    }).onDelete('cascade'),
  ],
);

/** One row per rejected CSV row: the error report people download. */
export const contactImportErrors = pgTable(
  'contact_import_errors',
  {
    subAccountId: uuid('sub_account_id').notNull(),
    importId: uuid('import_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    reason: text('reason').notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'contact_import_errors_pkey', columns: [t.subAccountId, t.importId, t.rowNumber] }),
    foreignKey({
      name: 'contact_import_errors_import_fk',
      columns: [t.subAccountId, t.importId],
      foreignColumns: [contactImports.subAccountId, contactImports.id],
    }).onDelete('cascade'),
  ],
);
