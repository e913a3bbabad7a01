import { z } from 'zod';

export const devOutboxChannelSchema = z.enum(['email', 'sms', 'imessage', 'whatsapp']);

export const devOutboxMessageSchema = z
  .object({
    id: z.uuid(),
    channel: devOutboxChannelSchema,
    from: z.string(),
    to: z.string(),
    subject: z.string().nullable(),
    textBody: z.string(),
    htmlBody: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'DevOutboxMessage', description: 'A message a dev provider adapter kept instead of sending.' });

export const devOutboxListQuerySchema = z.object({
  to: z
    .string()
    .trim()
    .min(1)
    .max(320)
    .optional()
    .describe('Only messages to this address (case-insensitive)'),
  cursor: z.uuid({ error: 'cursor must be the nextCursor of a previous page' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const devOutboxMessageParamsSchema = z.object({
  id: z.uuid({ error: 'id must be a message id (UUID)' }),
});

export const devOutboxListResponseSchema = z
  .object({
    items: z.array(devOutboxMessageSchema),
    /** Pass as `cursor` for the next (older) page; null on the last page. */
    nextCursor: z.uuid().nullable(),
  })
  .meta({ id: 'DevOutboxMessageList' });

export type DevOutboxMessageResponse = z.infer<typeof devOutboxMessageSchema>;
export type DevOutboxListQuery = z.input<typeof devOutboxListQuerySchema>;
export type DevOutboxListResponse = z.infer<typeof devOutboxListResponseSchema>;
