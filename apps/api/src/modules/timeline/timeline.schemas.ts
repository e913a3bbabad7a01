import { z } from 'zod';
import { pageQuery } from '../../platform/http/pagination.ts';
import { ACTIVITY_KINDS } from './timeline.tables.ts';

export const timelineItemSchema = z.object({
  id: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  at: z.string(),
  actorName: z.string().nullable(),
  summary: z.string(),
  details: z
    .record(z.string(), z.unknown())
    .describe('the structured fact: ids, names, and amounts as { amount (minor units), currency }'),
});
export const timelineQuery = pageQuery;

export type TimelineItem = z.infer<typeof timelineItemSchema>;
