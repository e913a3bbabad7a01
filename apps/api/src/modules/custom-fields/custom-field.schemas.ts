import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { pageQuery } from '../../platform/http/pagination.ts';
import { CUSTOM_FIELD_TYPES, OBJECT_TYPES } from './custom-field.constants.ts';

const objectType = z.enum(OBJECT_TYPES, { error: `must be one of: ${OBJECT_TYPES.join(', ')}` });
const fieldType = z.enum(CUSTOM_FIELD_TYPES, { error: `must be one of: ${CUSTOM_FIELD_TYPES.join(', ')}` });

export const customFieldSchema = z.object({
  id: z.uuid(),
  objectType,
  key: z.string(),
  name: z.string(),
  type: fieldType,
  options: z.array(z.string()),
  required: z.boolean(),
  isUnique: z.boolean(),
  defaultValue: z.unknown().nullable(),
  groupName: z.string().nullable(),
  position: z.number().int(),
  filterable: z.boolean(),
  /** The expression index serving filters on this field, once the indexing job has built it. */
  indexName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const key = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
  error: 'must start with a lowercase letter and hold only a-z, 0-9 and _ (at most 63), e.g. annual_budget',
});

const fields = {
  key,
  name: z.string().trim().min(1, 'is required').max(200),
  type: fieldType,
  options: z
    .array(z.string().trim().min(1, 'options cannot be empty').max(200))
    .max(500)
    .refine((o) => new Set(o).size === o.length, { error: 'options must be distinct' })
    .optional(),
  required: z.boolean().optional(),
  isUnique: z.boolean().optional(),
  defaultValue: z.unknown().optional(),
  groupName: z.string().trim().max(200).nullable().optional(),
  position: z.number().int().min(0).max(100_000).optional(),
  filterable: z.boolean().optional(),
};

/** The key may be left out: it is then made from the name ("Annual budget" -> annual_budget). */
export const createCustomFieldBody = z.object({
  objectType: objectType.default('contact'),
  ...fields,
  key: key.optional(),
});
export const updateCustomFieldBody = z.object(fields).partial();

export const customFieldParams = idParams('customFieldId');
export const listCustomFieldsQuery = pageQuery.extend({ objectType: objectType.default('contact') });
export const deleteCustomFieldQuery = z.object({
  confirm: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true'),
});

export type CustomFieldView = z.infer<typeof customFieldSchema>;
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldBody>;
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldBody>;
