import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

export const noteEvents = defineEvents('notes', {
  'notes.created': z
    .object({
      noteId: z.uuid(),
      contactId: z.uuid(),
      opportunityId: z.uuid().nullable().describe('set when the note was written on an opportunity'),
    })
    .describe('A note was written on a contact or one of its opportunities.'),
});

export const { recordEventFor } = noteEvents;
