import { z } from 'zod';
import { idParams } from '../../platform/http/schemas.ts';
import { pageQuery } from '../../platform/http/pagination.ts';
import { IGNORE_COLUMN } from '../contacts/index.ts';
import { STANDARD_FIELDS } from './contact-import.detect.ts';

export const DUPLICATE_POLICIES = ['skip', 'update', 'create'] as const;
export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled'] as const;

export const contactImportSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  fileBytes: z.number().int(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  /** header -> field; suggested at upload, chosen by PATCH. */
  mapping: z.record(z.string(), z.string()),
  duplicatePolicy: z.enum(DUPLICATE_POLICIES),
  tagIds: z.array(z.uuid()),
  status: z.enum(IMPORT_STATUSES),
  /** Data rows in the file (the header excluded); counted at upload. */
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  createdCount: z.number().int(),
  updatedCount: z.number().int(),
  skippedCount: z.number().int(),
  errorCount: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const importParams = idParams('importId');

export const uploadQuery = z.object({
  /** The name shown in the list of imports; the body carries no name of its own. */
  fileName: z
    .string()
    .trim()
    .min(1, 'must not be empty, e.g. ?fileName=contacts.csv')
    .max(255, 'must be at most 255 characters')
    .default('contacts.csv'),
});

const fieldName = z
  .string()
  .refine(
    (field) =>
      field === IGNORE_COLUMN ||
      (STANDARD_FIELDS as readonly string[]).includes(field) ||
      /^custom\.[a-z][a-z0-9_]{0,62}$/.test(field),
    {
      error: `must be one of ${[...STANDARD_FIELDS, IGNORE_COLUMN].join(', ')} or custom.<field key>`,
    },
  );

export const updateImportBody = z.object({
  mapping: z.record(z.string().max(300), fieldName).optional(),
  duplicatePolicy: z.enum(DUPLICATE_POLICIES, { error: "must be 'skip', 'update' or 'create'" }).optional(),
  tagIds: z
    .array(z.uuid({ error: 'must be tag ids (UUIDs)' }))
    .max(50, 'at most 50 tags')
    .optional(),
});

export const listImportsQuery = pageQuery;

export type ContactImportView = z.infer<typeof contactImportSchema>;
export type UpdateImportInput = z.infer<typeof updateImportBody>;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
