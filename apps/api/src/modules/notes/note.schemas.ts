import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { pageQuery } from '../../platform/http/pagination.ts';

export const NOTE_BODY_MAX = 50_000;

export const noteSchema = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  /** Set when the note was written on one of the contact's opportunities. */
  opportunityId: z.uuid().nullable(),
  body: z.string(),
  pinned: z.boolean(),
  authorUserId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const body = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(NOTE_BODY_MAX, { error: `must be at most ${NOTE_BODY_MAX} characters of markdown` });

export const createNoteBody = z.object({ body, pinned: z.boolean().optional() });
export const updateNoteBody = z.object({ body: body.optional(), pinned: z.boolean().optional() });
export const contactParams = idParams('contactId');
export const opportunityParams = idParams('opportunityId');
export const noteParams = contactParams.extend(idParams('noteId').shape);
export const listNotesQuery = pageQuery;

export type NoteView = z.infer<typeof noteSchema>;
export type CreateNoteInput = z.infer<typeof createNoteBody>;
export type UpdateNoteInput = z.infer<typeof updateNoteBody>;
