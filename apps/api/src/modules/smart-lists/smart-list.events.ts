import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

const membership = {
  smartListId: z.uuid(),
  contactId: z.uuid(),
  smartListName: z.string().optional().describe('(for the timeline; older events lack it)'),
};

export const smartListEvents = defineEvents('smart-lists', {
  'smart_lists.entered': z
    .object(membership)
    .describe('A contact changed and now matches a smart list (not written by a rebuild).'),
  'smart_lists.exited': z
    .object(membership)
    .describe('A contact changed and no longer matches a smart list (not written by a rebuild).'),
});

export const { recordEvent } = smartListEvents;
