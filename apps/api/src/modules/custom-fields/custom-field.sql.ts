import { createHash } from 'node:crypto';
import type { CustomFieldType, ObjectType } from './custom-field.constants.ts';

/**
 * The tables whose `custom_fields` JSONB column this module validates, converts and indexes. A
 * fixed whitelist: table names are interpolated into SQL, so only these two can ever appear. By
 * contract the object's module owns its row and this module owns the contents of that column.
 */
export const OBJECT_TABLES: Record<ObjectType, string> = {
  contact: 'contacts',
  opportunity: 'opportunities',
};

const KEY = /^[a-z][a-z0-9_]{0,62}$/;

export function assertKey(key: string): string {
  // Keys are interpolated into expressions and index names: the table's CHECK allows only these.
  if (!KEY.test(key)) throw new Error(`Not a custom field key: ${JSON.stringify(key)}`);
  return key;
}

/** How filters, sorts and the expression index read a field out of the JSONB. */
export type CustomFieldSqlType = {
  /** The SQL type the expression yields. */
  cast: 'numeric' | 'boolean' | 'text' | 'jsonb';
  /**
   * The typed expression over the object's `custom_fields` column, e.g.
   * `((custom_fields->>'budget')::numeric)`. A filter must use exactly this text (optionally
   * qualified with a table alias via `column`) for the planner to match the expression index.
   */
  expression: string;
  /** btree for scalars (=, <, >, ranges, sorts); GIN for multi-select containment (`@>`, `?`). */
  indexMethod: 'btree' | 'gin';
};

/**
 * The immutable typed expression for a field. Only immutable built-in casts appear (text to
 * numeric and to boolean), so the expression can be indexed; dates and datetimes stay text: they
 * are stored as ISO 8601 (datetimes normalised to UTC), which sorts and compares correctly as text.
 */
export function customFieldSqlType(
  definition: { key: string; type: CustomFieldType },
  column = 'custom_fields',
): CustomFieldSqlType {
  const key = assertKey(definition.key);
  const text = `(${column}->>'${key}')`;
  switch (definition.type) {
    case 'number':
    case 'money':
      return { cast: 'numeric', expression: `(${text}::numeric)`, indexMethod: 'btree' };
    case 'boolean':
      return { cast: 'boolean', expression: `(${text}::boolean)`, indexMethod: 'btree' };
    case 'multi_select':
      return { cast: 'jsonb', expression: `(${column}->'${key}')`, indexMethod: 'gin' };
    default:
      return { cast: 'text', expression: text, indexMethod: 'btree' };
  }
}

/**
 * A name unique in the database (index names are per schema, across tenants): a hash of the
 * definition, its key and its type, so a retyped or re-keyed field gets a new index.
 */
export function indexNameFor(definition: { id: string; key: string; type: CustomFieldType }): string {
  const hash = createHash('sha256')
    .update(`${definition.id}:${definition.key}:${definition.type}`)
    .digest('hex')
    .slice(0, 12);
  return `cf_${hash}_${assertKey(definition.key)}`.slice(0, 63);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The partial expression index for one filterable field of one sub-account: only that tenant's
 * live rows are indexed, so each index stays as small as the tenant.
 */
export function createIndexSql(definition: {
  id: string;
  subAccountId: string;
  objectType: ObjectType;
  key: string;
  type: CustomFieldType;
}): string {
  const table = OBJECT_TABLES[definition.objectType];
  // Interpolated into DDL, which takes no parameters.
  if (!UUID.test(definition.subAccountId)) throw new Error('Not a sub-account id');
  const { expression, indexMethod } = customFieldSqlType(definition);
  const column = indexMethod === 'gin' ? `${expression} jsonb_path_ops` : expression;
  return (
    `CREATE INDEX IF NOT EXISTS ${indexNameFor(definition)} ON ${table} ` +
    // No sub_account_id column: the predicate pins it, and PostgreSQL drops quals implied by an
    // index predicate, so a leading tenant column would leave the range condition unusable.
    `USING ${indexMethod} (${column}) ` +
    `WHERE sub_account_id = '${definition.subAccountId}' AND deleted_at IS NULL`
  );
}

/**
 * Statistics on the field's expression, so the planner knows how selective a condition is and
 * picks the field's index (PostgreSQL keeps none for partial expression indexes; without them it
 * assumes a third of the rows match and prefers another plan).
 */
export function statisticsNameFor(indexName: string): string {
  return `${indexName.slice(0, 60)}_st`;
}

export function createStatisticsSql(definition: {
  id: string;
  subAccountId: string;
  objectType: ObjectType;
  key: string;
  type: CustomFieldType;
}): string {
  const { expression } = customFieldSqlType(definition);
  return (
    `CREATE STATISTICS IF NOT EXISTS ${statisticsNameFor(indexNameFor(definition))} ` +
    `ON (${expression}) FROM ${OBJECT_TABLES[definition.objectType]}`
  );
}
