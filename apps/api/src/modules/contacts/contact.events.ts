import { z } from 'zod';
import { defineEvents } from '../../platform/events/catalogue.ts';

const contact = { contactId: z.uuid() };
const tagChange = { ...contact, tagIds: z.array(z.uuid()).min(1).describe('the tags added or removed') };

export const contactEvents = defineEvents('contacts', {
  'contacts.created': z
    .object(contact)
    .describe('A contact was created through the API (or an upsert); an import records contacts.imported.'),
  'contacts.updated': z
    .object({
      ...contact,
      changedFields: z.array(z.string()).describe('contact fields whose value changed'),
      changes: z
        .array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() }))
        .optional()
        .describe(
          'each changed field with its value before and after (for the timeline; older events lack it)',
        ),
    })
    .describe("A contact's fields changed (one event per update, only when something changed)."),
  'contacts.deleted': z.object(contact).describe('A contact was soft-deleted (one event per contact).'),
  'contacts.restored': z.object(contact).describe('A soft-deleted contact was restored.'),
  'contacts.merged': z
    .object({
      contactId: z.uuid().describe('the survivor'),
      duplicateId: z.uuid().describe('the contact merged into it, now soft-deleted'),
    })
    .describe('Two contacts were merged.'),
  'contacts.tag_added': z.object(tagChange).describe('Tags were added to a contact (one event per contact).'),
  'contacts.tag_removed': z
    .object(tagChange)
    .describe('Tags were removed from a contact (one event per contact).'),
});

export const { recordEvent, recordEventFor } = contactEvents;
