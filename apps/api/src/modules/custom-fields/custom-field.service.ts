import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { UNIQUE_VIOLATION, sqlState } from '../../platform/db/errors.ts';
import { AppError, type FieldError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { newId } from '../../platform/ids/ids.ts';
import { sendJob } from '../../platform/jobs/job-queue.ts';
import * as repo from './custom-field.repository.ts';
import type {
  CreateCustomFieldInput,
  CustomFieldView,
  UpdateCustomFieldInput,
} from './custom-field.schemas.ts';
import type { ObjectType } from './custom-field.constants.ts';
import type { CustomFieldType } from './custom-field.constants.ts';
import { checkValue, convertValue, type FieldRule } from './custom-field.values.ts';

export const INDEX_JOB = 'custom_fields.index';
export type IndexJob = { subAccountId: string; definitionId: string };

const OBJECT_NOUN: Record<ObjectType, string> = { contact: 'contact', opportunity: 'opportunity' };
const SELECTS: CustomFieldType[] = ['single_select', 'multi_select'];
const NOT_UNIQUE: CustomFieldType[] = ['boolean', 'multi_select', 'long_text'];

export const toView = (d: repo.CustomFieldRecord): CustomFieldView => ({
  id: d.id,
  objectType: d.objectType as ObjectType,
  key: d.key,
  name: d.name,
  type: d.type as CustomFieldType,
  options: d.options,
  required: d.required,
  isUnique: d.isUnique,
  defaultValue: d.defaultValue ?? null,
  groupName: d.groupName,
  position: d.position,
  filterable: d.filterable,
  indexName: d.indexName,
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
});

const ruleOf = (d: { key: string; type: string; options: string[] }): FieldRule => ({
  key: d.key,
  type: d.type as CustomFieldType,
  options: d.options,
});

function failed(fieldErrors: FieldError[]): AppError {
  return new AppError('validation_failed', fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; '), {
    fieldErrors,
  });
}

/** The shape rules of a definition: options only for selects, a default its own type accepts. */
function checkShape(d: {
  type: CustomFieldType;
  key: string;
  options: string[];
  isUnique: boolean;
  defaultValue: unknown;
}): { defaultValue: unknown } {
  const errors: FieldError[] = [];
  if (SELECTS.includes(d.type) && d.options.length === 0)
    errors.push({ field: 'options', message: `a ${d.type} field needs at least one option` });
  if (!SELECTS.includes(d.type) && d.options.length > 0)
    errors.push({ field: 'options', message: `only single_select and multi_select fields have options` });
  if (d.isUnique && NOT_UNIQUE.includes(d.type))
    errors.push({ field: 'isUnique', message: `a ${d.type} field cannot be unique` });
  let defaultValue: unknown = null;
  if (d.defaultValue !== undefined && d.defaultValue !== null) {
    if (d.isUnique) errors.push({ field: 'defaultValue', message: 'a unique field cannot have a default' });
    const checked = checkValue(ruleOf(d), d.defaultValue);
    if (checked.ok) defaultValue = checked.value;
    else errors.push({ field: 'defaultValue', message: checked.message });
  }
  if (errors.length > 0) throw failed(errors);
  return { defaultValue };
}

async function keyTaken<T>(objectType: ObjectType, key: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (sqlState(error) === UNIQUE_VIOLATION)
      throw conflict(
        `A ${OBJECT_NOUN[objectType]} field with the key ${key} already exists; choose another key`,
      );
    throw error;
  }
}

async function queueIndexing(subAccountId: string, definitionId: string): Promise<void> {
  await sendJob<IndexJob>(INDEX_JOB, { subAccountId, definitionId });
}

export async function listCustomFieldsPage(
  ctx: SubAccountContext,
  input: { objectType: ObjectType; limit: number; cursor?: string | undefined },
) {
  requirePermission(ctx, 'settings:read');
  const after = decodeCursor(input.cursor, ['int', 'uuid']);
  const rows = await repo.listDefinitions({
    subAccountId: ctx.subAccountId,
    objectType: input.objectType,
    after: after ? { position: after[0], id: after[1] } : undefined,
    limit: input.limit,
  });
  return toPage(rows, input.limit, (r) => [r.position, r.id], toView);
}

/**
 * Every definition of an object type, in order, for other modules (contact forms, filters,
 * imports). Reading definitions is part of reading the objects, so the caller's own permission
 * check on the object stands for this one.
 */
export async function listCustomFields(
  ctx: SubAccountContext,
  objectType: ObjectType,
): Promise<CustomFieldView[]> {
  const rows = await repo.listDefinitions({ subAccountId: ctx.subAccountId, objectType });
  return rows.map(toView);
}

export async function getCustomField(ctx: SubAccountContext, id: string): Promise<CustomFieldView> {
  requirePermission(ctx, 'settings:read');
  const definition = await repo.findDefinition(ctx.subAccountId, id);
  if (!definition) throw notFound('Custom field');
  return toView(definition);
}

/** A key from a name: lower case, a-z0-9 and _, starting with a letter, at most 63 characters. */
export function keyFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const lettered = /^[a-z]/.test(slug) ? slug : `f_${slug}`;
  return lettered.slice(0, 63).replace(/_+$/, '') || 'field';
}

export async function createCustomField(
  ctx: SubAccountContext,
  body: CreateCustomFieldInput,
): Promise<CustomFieldView> {
  requirePermission(ctx, 'settings:create');
  const input = { ...body, key: body.key ?? keyFromName(body.name) };
  const options = input.options ?? [];
  const isUnique = input.isUnique ?? false;
  const { defaultValue } = checkShape({ ...input, options, isUnique, defaultValue: input.defaultValue });
  const definition = await keyTaken(input.objectType, input.key, () =>
    repo.insertDefinition({
      subAccountId: ctx.subAccountId,
      id: newId(),
      objectType: input.objectType,
      key: input.key,
      name: input.name,
      type: input.type,
      options,
      required: input.required ?? false,
      isUnique,
      defaultValue,
      groupName: input.groupName ?? null,
      position: input.position ?? 0,
      filterable: input.filterable ?? false,
    }),
  );
  if (definition.filterable) await queueIndexing(definition.subAccountId, definition.id);
  return toView(definition);
}

/**
 * Renaming is free. A new key, type or option list is applied to every stored value (deleted
 * objects included, since they can be restored) when every one of them converts; otherwise
 * nothing changes and the 409 says how many would not and shows one.
 */
export async function updateCustomField(
  ctx: SubAccountContext,
  id: string,
  input: UpdateCustomFieldInput,
): Promise<CustomFieldView> {
  requirePermission(ctx, 'settings:update');
  const subAccountId = ctx.subAccountId;
  const current = await repo.findDefinition(subAccountId, id, { lock: true });
  if (!current) throw notFound('Custom field');
  const objectType = current.objectType as ObjectType;
  const noun = OBJECT_NOUN[objectType];
  const next = {
    key: input.key ?? current.key,
    type: (input.type ?? current.type) as CustomFieldType,
    // Leaving a select type drops its options unless new ones are given.
    options:
      input.options ??
      (SELECTS.includes((input.type ?? current.type) as CustomFieldType) ? current.options : []),
    isUnique: input.isUnique ?? current.isUnique,
    defaultValue: input.defaultValue === undefined ? current.defaultValue : input.defaultValue,
  };
  const { defaultValue } = checkShape(next);

  const reshaped =
    next.key !== current.key ||
    next.type !== current.type ||
    JSON.stringify(next.options) !== JSON.stringify(current.options);
  if (reshaped) {
    const values = await repo.valuesOf(subAccountId, objectType, current.key);
    const converted: { id: string; value: unknown }[] = [];
    const refused: { id: string; value: unknown; message: string }[] = [];
    for (const { id: objectId, value } of values) {
      const result = convertValue(ruleOf(current), ruleOf(next), value);
      if (!result.ok) refused.push({ id: objectId, value, message: result.message });
      else if (JSON.stringify(result.value) !== JSON.stringify(value))
        converted.push({ id: objectId, value: result.value });
    }
    if (refused.length > 0) {
      const example = refused[0]!;
      throw conflict(
        `${refused.length} of ${values.length} ${noun} values of ${current.key} would not convert to ${next.type}` +
          ` (e.g. ${noun} ${example.id}: ${JSON.stringify(example.value)} ${example.message});` +
          ' change or clear those values first, or keep the current type',
      );
    }
    await repo.rewriteValues({ subAccountId, objectType, oldKey: current.key, newKey: next.key, converted });
  }
  if (next.isUnique && (!current.isUnique || reshaped)) {
    const duplicate = await repo.firstDuplicate(subAccountId, objectType, next.key);
    if (duplicate)
      throw conflict(
        `${duplicate.n} ${noun}s share the value ${JSON.stringify(duplicate.value)} for ${next.key}; make them distinct before marking the field unique`,
      );
  }

  const updated = await keyTaken(objectType, next.key, () =>
    repo.updateDefinition(subAccountId, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.required !== undefined ? { required: input.required } : {}),
      ...(input.groupName !== undefined ? { groupName: input.groupName } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.filterable !== undefined ? { filterable: input.filterable } : {}),
      key: next.key,
      type: next.type,
      options: next.options,
      isUnique: next.isUnique,
      defaultValue,
    }),
  );
  if (!updated) throw notFound('Custom field');
  const indexChanged =
    updated.filterable !== current.filterable || next.key !== current.key || next.type !== current.type;
  if (indexChanged && (updated.filterable || current.indexName)) await queueIndexing(subAccountId, id);
  return toView(updated);
}

/**
 * Deleting a field whose values are in use needs `confirm`; the values then leave the objects'
 * JSONB in the same transaction and the definition is soft-deleted (its index dropped by the job).
 */
export async function deleteCustomField(
  ctx: SubAccountContext,
  id: string,
  options: { confirm: boolean },
): Promise<void> {
  requirePermission(ctx, 'settings:delete');
  const subAccountId = ctx.subAccountId;
  const current = await repo.findDefinition(subAccountId, id, { lock: true });
  if (!current) throw notFound('Custom field');
  const objectType = current.objectType as ObjectType;
  const inUse = await repo.countValues(subAccountId, objectType, current.key);
  if (inUse > 0 && !options.confirm)
    throw conflict(
      `${inUse} ${OBJECT_NOUN[objectType]}(s) have a value for ${current.key}; delete again with ?confirm=true to remove those values with the field`,
    );
  if (inUse > 0) await repo.removeValues(subAccountId, objectType, current.key);
  await repo.softDeleteDefinition(subAccountId, id);
  if (current.filterable || current.indexName) await queueIndexing(subAccountId, id);
}

/**
 * The rule for a new object: a field it is not given takes the field's default, and a required
 * field without a default is missing. Pure, for callers that hold the definitions already (the CSV
 * import checks a whole batch with one read); validateCustomFieldValues applies it on every create.
 */
export function applyCustomFieldDefaults(
  definitions: readonly { key: string; required: boolean; defaultValue?: unknown }[],
  values: Record<string, unknown>,
): { values: Record<string, unknown>; missing: string[] } {
  const result = { ...values };
  const missing: string[] = [];
  for (const definition of definitions) {
    if (result[definition.key] !== undefined) continue;
    if (definition.defaultValue !== null && definition.defaultValue !== undefined)
      result[definition.key] = definition.defaultValue;
    else if (definition.required) missing.push(definition.key);
  }
  return { values: result, missing };
}

export type ValidateCustomFieldValuesInput = {
  subAccountId: string;
  objectType: ObjectType;
  /** The values sent: a key set to null clears it. Absent keys keep their existing value. */
  values: Record<string, unknown> | undefined;
  /** The object's stored values; undefined when the object is being created. */
  existing: Record<string, unknown> | undefined;
  /** The object being updated, so its own value does not count against a unique field. */
  objectId?: string | undefined;
};

/**
 * Validates custom field values in the caller's transaction and returns the object's whole new
 * `custom_fields` (stored forms, defaults applied on create, cleared keys removed). Every problem
 * is reported at once as `customFields.<key>` field errors.
 */
export async function validateCustomFieldValues(
  input: ValidateCustomFieldValuesInput,
): Promise<Record<string, unknown>> {
  const { subAccountId, objectType } = input;
  const definitions = await repo.listDefinitions({ subAccountId, objectType });
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const creating = input.existing === undefined;
  const values = input.values ?? {};
  const result: Record<string, unknown> = { ...(input.existing ?? {}) };
  const errors: FieldError[] = [];
  const field = (key: string) => `customFields.${key}`;

  for (const [key, raw] of Object.entries(values)) {
    const definition = byKey.get(key);
    if (!definition) {
      errors.push({
        field: field(key),
        message: `no such field; see GET /api/v1/sub-accounts/${subAccountId}/custom-fields?objectType=${objectType}`,
      });
      continue;
    }
    if (raw === null || raw === undefined) {
      if (definition.required && !creating)
        errors.push({ field: field(key), message: 'is required; it cannot be cleared' });
      delete result[key];
      continue;
    }
    const checked = checkValue(ruleOf(definition), raw);
    if (!checked.ok) errors.push({ field: field(key), message: checked.message });
    else result[key] = checked.value;
  }
  if (creating) {
    const applied = applyCustomFieldDefaults(definitions, result);
    Object.assign(result, applied.values);
    for (const key of applied.missing) errors.push({ field: field(key), message: 'is required' });
  }
  for (const definition of definitions) {
    if (!definition.isUnique) continue;
    const value = values[definition.key];
    if (value === null || value === undefined || result[definition.key] === undefined) continue;
    if (errors.some((e) => e.field === field(definition.key))) continue;
    // Keeping one's own value is not a clash (callers need not pass objectId for that).
    if (JSON.stringify(input.existing?.[definition.key]) === JSON.stringify(result[definition.key])) continue;
    const taken = await repo.isValueTaken({
      subAccountId,
      objectType,
      key: definition.key,
      value: result[definition.key],
      exceptId: input.objectId,
    });
    if (taken)
      errors.push({
        field: field(definition.key),
        message: `must be unique: another ${OBJECT_NOUN[objectType]} already has ${JSON.stringify(result[definition.key])}`,
      });
  }
  if (errors.length > 0) throw failed(errors);
  return result;
}
