import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

/** One batch's ids at most: BATCH_ROWS in contact-import.tasks.ts. */
const MAX_IDS = 1_000;

export const contactImportEvents = defineEvents('contact-imports', {
  'contacts.imported': z
    .object({
      importId: z.uuid(),
      createdIds: z.array(z.uuid()).max(MAX_IDS).describe('contacts this batch created'),
      updatedIds: z.array(z.uuid()).max(MAX_IDS).describe('contacts this batch updated'),
    })
    .describe(
      'A batch of a CSV import (up to 1,000 rows) was written: one event per batch, not contacts.created per contact.',
    ),
});

export const { recordEvent } = contactImportEvents;
