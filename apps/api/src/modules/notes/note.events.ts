import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

export const noteEvents = defineEvents('notes', {
  'notes.created': z
    .object({
      noteId: z.uuid(),
      contactId: z.uuid(),
      opportunityId: z.uuid().nullable().describe('set when the note was written on an opportunity'),
      excerpt: z.string().max(140).optional().describe("the body's first 140 characters (for the timeline)"),
    })
    .describe('A note was written on a contact or one of its opportunities.'),
  'notes.moved': z
    .object({
      contactId: z.uuid().describe('the contact they moved to (the survivor of a merge)'),
      fromContactId: z.uuid().describe('the contact they were on (merged into contactId)'),
      count: z.number().int().positive(),
    })
    .describe('A contact merge moved every note of one contact (deleted ones too) to another.'),
});

export const { recordEventFor } = noteEvents;
