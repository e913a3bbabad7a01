import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { pageQuery } from '../../platform/http/pagination.ts';
import { contactFilterSchema, contactSort } from '../contacts/index.ts';

export const smartListSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  filter: z.record(z.string(), z.unknown()),
  visibility: z.enum(['shared', 'private']),
  ownerUserId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const name = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(200, { error: 'must be at most 200 characters' });
const visibility = z.enum(['shared', 'private'], {
  error: "must be 'shared' (everyone in the sub-account) or 'private' (only you)",
});

export const createSmartListBody = z.strictObject({
  name,
  filter: contactFilterSchema,
  visibility: visibility.default('shared'),
});
export const updateSmartListBody = z.strictObject({
  name: name.optional(),
  filter: contactFilterSchema.optional(),
  visibility: visibility.optional(),
});
export const smartListParams = idParams('smartListId');
export const listSmartListsQuery = pageQuery;
export const smartListContactsQuery = z.strictObject({
  sort: contactSort,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

export type SmartListView = z.infer<typeof smartListSchema>;
export type CreateSmartListInput = z.infer<typeof createSmartListBody>;
export type UpdateSmartListInput = z.infer<typeof updateSmartListBody>;
