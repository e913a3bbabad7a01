import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { tx, txRows, txSql } from '../../platform/db/tenant.ts';
import { customFieldDefinitions } from './custom-field.tables.ts';
import type { ObjectType } from './custom-field.constants.ts';
import { OBJECT_TABLES, assertKey } from './custom-field.sql.ts';

export type CustomFieldRecord = typeof customFieldDefinitions.$inferSelect;
export type CustomFieldValues = Partial<
  Omit<typeof customFieldDefinitions.$inferInsert, 'subAccountId' | 'id' | 'objectType'>
>;

const t = customFieldDefinitions;

/** The table holding the objects' custom field values. */
const objectTable = (objectType: ObjectType) => sql.identifier(OBJECT_TABLES[objectType]);
const live = (subAccountId: string, id: string) =>
  and(eq(t.subAccountId, subAccountId), eq(t.id, id), isNull(t.deletedAt));

export async function insertDefinition(values: typeof t.$inferInsert): Promise<CustomFieldRecord> {
  const [row] = await tx().insert(t).values(values).returning();
  return row!;
}

export async function listDefinitions(input: {
  subAccountId: string;
  objectType: ObjectType;
  after?: { position: number; id: string } | undefined;
  limit?: number | undefined;
}): Promise<CustomFieldRecord[]> {
  const where: SQL[] = [
    eq(t.subAccountId, input.subAccountId),
    eq(t.objectType, input.objectType),
    isNull(t.deletedAt),
  ];
  if (input.after) {
    where.push(
      or(
        gt(t.position, input.after.position),
        and(eq(t.position, input.after.position), gt(t.id, input.after.id)),
      )!,
    );
  }
  const query = tx()
    .select()
    .from(t)
    .where(and(...where))
    .orderBy(asc(t.position), asc(t.id));
  return input.limit === undefined ? query : query.limit(input.limit + 1);
}

export async function findDefinition(
  subAccountId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<CustomFieldRecord | undefined> {
  const query = tx().select().from(t).where(live(subAccountId, id));
  // Retyping rewrites values: a concurrent edit of the same definition must wait its turn.
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function updateDefinition(
  subAccountId: string,
  id: string,
  values: CustomFieldValues,
): Promise<CustomFieldRecord | undefined> {
  if (Object.keys(values).length === 0) return findDefinition(subAccountId, id);
  const [row] = await tx().update(t).set(values).where(live(subAccountId, id)).returning();
  return row;
}

export async function softDeleteDefinition(subAccountId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .update(t)
    .set({ deletedAt: sql`now()` })
    .where(live(subAccountId, id))
    .returning({ id: t.id });
  return rows.length === 1;
}

/** Every stored value of a field, deleted objects included (they can be restored). */
export async function valuesOf(
  subAccountId: string,
  objectType: ObjectType,
  key: string,
): Promise<{ id: string; value: unknown }[]> {
  const field = assertKey(key);
  return txRows<{ id: string; value: unknown }>(
    sql`select id, custom_fields->${field}::text as value from ${objectTable(objectType)}
      where sub_account_id = ${subAccountId} and custom_fields ? ${field}`,
  );
}

export async function countValues(
  subAccountId: string,
  objectType: ObjectType,
  key: string,
): Promise<number> {
  const rows = await txRows<{ n: number }>(
    sql`select count(*)::int as n from ${objectTable(objectType)}
      where sub_account_id = ${subAccountId} and custom_fields ? ${assertKey(key)}`,
  );
  return rows[0]!.n;
}

/**
 * Moves the field's values to `newKey`, replacing the listed ones by their converted form, in
 * one statement per call.
 */
export async function rewriteValues(input: {
  subAccountId: string;
  objectType: ObjectType;
  oldKey: string;
  newKey: string;
  converted: { id: string; value: unknown }[];
}): Promise<void> {
  const table = objectTable(input.objectType);
  const oldKey = assertKey(input.oldKey);
  const newKey = assertKey(input.newKey);
  if (input.converted.length > 0) {
    const ids = sql.param(input.converted.map((c) => c.id));
    const values = sql.param(input.converted.map((c) => JSON.stringify(c.value)));
    await tx().execute(
      sql`update ${table} o set custom_fields = o.custom_fields || jsonb_build_object(${oldKey}::text, v.value)
         from (select unnest(${ids}::uuid[]) as id, unnest(${values}::jsonb[]) as value) v
        where o.sub_account_id = ${input.subAccountId} and o.id = v.id`,
    );
  }
  if (oldKey !== newKey) {
    await tx().execute(
      sql`update ${table}
        set custom_fields = (custom_fields - ${oldKey}::text) || jsonb_build_object(${newKey}::text, custom_fields->${oldKey}::text)
        where sub_account_id = ${input.subAccountId} and custom_fields ? ${oldKey}`,
    );
  }
}

export async function removeValues(
  subAccountId: string,
  objectType: ObjectType,
  key: string,
): Promise<number> {
  const field = assertKey(key);
  const rows = await txRows<{ id: string }>(
    sql`update ${objectTable(objectType)} set custom_fields = custom_fields - ${field}::text
      where sub_account_id = ${subAccountId} and custom_fields ? ${field} returning id`,
  );
  return rows.length;
}

/** Whether another live object of the sub-account already holds this value. */
export async function isValueTaken(input: {
  subAccountId: string;
  objectType: ObjectType;
  key: string;
  value: unknown;
  exceptId?: string | undefined;
}): Promise<boolean> {
  const rows = await txRows(
    sql`select 1 from ${objectTable(input.objectType)}
      where sub_account_id = ${input.subAccountId} and deleted_at is null
        and custom_fields->${assertKey(input.key)}::text = ${JSON.stringify(input.value)}::jsonb
        ${input.exceptId ? sql`and id <> ${input.exceptId}::uuid` : sql``}
      limit 1`,
  );
  return rows.length > 0;
}

/** A value held by more than one live object, if any (before a field is made unique). */
export async function firstDuplicate(
  subAccountId: string,
  objectType: ObjectType,
  key: string,
): Promise<{ value: unknown; n: number } | undefined> {
  const field = assertKey(key);
  // Grouped by position: a second parameter for the key would be another expression to PostgreSQL.
  const rows = await txRows<{ value: unknown; n: number }>(
    sql`select custom_fields->${field}::text as value, count(*)::int as n from ${objectTable(objectType)}
      where sub_account_id = ${subAccountId} and deleted_at is null and custom_fields ? ${field}
      group by 1 having count(*) > 1 limit 1`,
  );
  return rows[0];
}

// ---- The indexing job, run as the system (index DDL needs the tables' owner).

export async function findDefinitionForIndexing(
  subAccountId: string,
  id: string,
): Promise<CustomFieldRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(t)
    .where(and(eq(t.subAccountId, subAccountId), eq(t.id, id)))
    .for('update');
  return row;
}

export async function setIndexName(
  subAccountId: string,
  id: string,
  indexName: string | null,
): Promise<void> {
  await tx()
    .update(t)
    .set({ indexName })
    .where(and(eq(t.subAccountId, subAccountId), eq(t.id, id)));
}

export async function runDdl(statement: string): Promise<void> {
  await txSql().query(statement);
}
