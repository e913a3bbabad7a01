import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { contactFilterSchema } from './contact-filter.ts';
import { CONTACT_STATUSES } from './contact.schemas.ts';

/** The largest explicit selection; anything bigger is a filter. */
export const MAX_SELECTED = 10_000;

export const bulkSelection = z.union(
  [
    z.strictObject({
      contactIds: z
        .array(z.uuid({ error: 'must be contact ids (UUIDs)' }))
        .max(MAX_SELECTED, { error: `at most ${MAX_SELECTED} ids; select by filter for more` }),
    }),
    z.strictObject({ filter: contactFilterSchema }),
  ],
  { error: 'must be { contactIds: [...] } or { filter: {...} }' },
);
export type BulkSelection = z.infer<typeof bulkSelection>;

const tagIds = z.array(z.uuid({ error: 'must be tag ids (UUIDs)' })).max(50, { error: 'at most 50 tags' });

export const createBulkActionBody = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('tag'),
      selection: bulkSelection,
      params: z.strictObject({ tagIds }),
    }),
    z.strictObject({
      action: z.literal('untag'),
      selection: bulkSelection,
      params: z.strictObject({ tagIds }),
    }),
    z.strictObject({
      action: z.literal('assign'),
      selection: bulkSelection,
      params: z.strictObject({
        userId: z.uuid({ error: 'must be a user id (UUID), or null to unassign' }).nullable(),
      }),
    }),
    z.strictObject({
      action: z.literal('set_status'),
      selection: bulkSelection,
      params: z.strictObject({
        status: z.enum(CONTACT_STATUSES, { error: `must be one of ${CONTACT_STATUSES.join(', ')}` }),
      }),
    }),
    z.strictObject({
      action: z.literal('delete'),
      selection: bulkSelection,
      params: z.strictObject({}).default({}),
    }),
  ],
  { error: 'action must be one of tag, untag, assign, set_status, delete' },
);
export type CreateBulkActionInput = z.infer<typeof createBulkActionBody>;

export const bulkActionSchema = z.object({
  id: z.uuid(),
  action: z.enum(['tag', 'untag', 'assign', 'set_status', 'delete']),
  selection: z.record(z.string(), z.unknown()),
  params: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'running', 'completed', 'failed']),
  totalCount: z.number().int().nullable(),
  processedCount: z.number().int(),
  errorCount: z.number().int(),
  lastError: z.string().nullable(),
  createdByUserId: z.uuid().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BulkActionView = z.infer<typeof bulkActionSchema>;
export const bulkActionParams = idParams('bulkActionId');
