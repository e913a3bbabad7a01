import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.ts';
import { idParams, strict } from '../../platform/http/schemas.ts';

export const tagSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string().nullable(),
  contactCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const name = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(100, { error: 'must be at most 100 characters' });
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a hex colour, e.g. #1c7ed6' })
  .nullable();

export const createTagBody = strict({ name, color: color.optional() });
export const updateTagBody = strict({ name: name.optional(), color: color.optional() });
export const mergeTagBody = strict({ intoTagId: z.uuid({ error: 'must be a tag id (UUID)' }) });
export const tagParams = idParams('tagId');
export const listTagsQuery = pageQuery;

/** Tags for one contact, by id or by name (names that do not exist yet are created when adding). */
export const contactTagsBody = strict({
  tagIds: z
    .array(z.uuid({ error: 'must be a tag id (UUID)' }))
    .max(100)
    .optional(),
  names: z.array(name).max(100).optional(),
});

export type TagView = z.infer<typeof tagSchema>;
export type CreateTagInput = z.infer<typeof createTagBody>;
export type UpdateTagInput = z.infer<typeof updateTagBody>;
export type ContactTagsInput = z.infer<typeof contactTagsBody>;
