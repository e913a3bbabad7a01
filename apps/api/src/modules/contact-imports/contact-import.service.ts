import { inTenant, type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors/app-error.ts';
import { csvLines } from '../../platform/http/csv.ts';
import { newestFirst } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { newId } from '../../platform/ids/ids.ts';
import { sendJob } from '../../platform/jobs/job-queue.ts';
import { existingTagIds } from '../contacts/index.ts';
import { listCustomFields } from '../custom-fields/index.ts';
import {
  detectDelimiter,
  parseHeaders,
  RowCounter,
  stripBom,
  suggestMapping,
} from './contact-import.detect.ts';
import * as repo from './contact-import.repository.ts';
import type { ContactImportView, UpdateImportInput } from './contact-import.schemas.ts';

export const RUN_IMPORT_JOB = 'contact_imports.run';
export type RunImportJob = {
  agencyId: string;
  subAccountId: string;
  userId: string | null;
  importId: string;
};

/** Chunks of the stored file: big enough for few rows, small enough to never hold much in memory. */
export const CHUNK_BYTES = 1024 * 1024;
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** Enough of the file's start to find its delimiter and header. */
const SAMPLE_BYTES = 64 * 1024;

export const toImportView = (r: repo.ContactImportRecord): ContactImportView => ({
  id: r.id,
  fileName: r.fileName,
  fileBytes: r.fileBytes,
  delimiter: r.delimiter,
  headers: r.headers,
  mapping: r.mapping,
  duplicatePolicy: r.duplicatePolicy as ContactImportView['duplicatePolicy'],
  tagIds: r.tagIds,
  status: r.status as ContactImportView['status'],
  totalRows: r.totalRows,
  processedRows: r.processedRows,
  createdCount: r.createdCount,
  updatedCount: r.updatedCount,
  skippedCount: r.skippedCount,
  errorCount: r.errorCount,
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

const notUtf8 = (offset: number) =>
  invalid(
    'file',
    `is not UTF-8 text (invalid bytes near byte ${offset}); save it as "CSV UTF-8" from your spreadsheet and upload again`,
  );

/**
 * Stores an uploaded CSV as it arrives, 1 MB chunk by chunk, in the request's transaction: a bad
 * upload (not UTF-8, too big, cut off) leaves nothing behind. The bytes are checked as UTF-8 and
 * their rows counted on the way; only the first chunk is ever decoded into text.
 */
export async function uploadImport(
  ctx: SubAccountContext,
  body: AsyncIterable<Buffer | string> | undefined,
  fileName: string,
): Promise<ContactImportView> {
  requirePermission(ctx, 'contacts:create');
  if (!body)
    throw invalid('body', 'send the CSV file itself as the request body with Content-Type: text/csv');
  const subAccountId = ctx.subAccountId;
  const id = newId();
  await repo.insertImport({ subAccountId, id, fileName, createdByUserId: ctx.userId ?? null });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const counter = new RowCounter();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  let total = 0;
  let sample: Buffer | undefined;
  const flush = async (bytes: Buffer) => {
    sample ??= bytes.subarray(0, SAMPLE_BYTES);
    await repo.insertChunk(subAccountId, id, seq++, bytes);
  };
  for await (const piece of body) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    if (total + bytes.length > MAX_UPLOAD_BYTES) {
      throw new AppError(
        'payload_too_large',
        `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it into several files`,
      );
    }
    try {
      decoder.decode(bytes, { stream: true });
    } catch {
      throw notUtf8(total);
    }
    total += bytes.length;
    counter.push(bytes);
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= CHUNK_BYTES) {
      const all = Buffer.concat(pending, pendingBytes);
      let offset = 0;
      for (; all.length - offset >= CHUNK_BYTES; offset += CHUNK_BYTES) {
        await flush(all.subarray(offset, offset + CHUNK_BYTES));
      }
      pending = offset < all.length ? [all.subarray(offset)] : [];
      pendingBytes = all.length - offset;
    }
  }
  try {
    decoder.decode();
  } catch {
    throw notUtf8(total);
  }
  if (pendingBytes > 0) await flush(Buffer.concat(pending, pendingBytes));

  // A multi-byte character cut by the sample's end decodes to U+FFFD in the last line only.
  const text = stripBom(new TextDecoder('utf-8').decode(sample ?? Buffer.alloc(0)));
  if (text.trim() === '') throw invalid('file', 'is empty; it needs a header row and at least one row');
  const delimiter = detectDelimiter(text);
  const headers = parseHeaders(text, delimiter);
  const customFields = await listCustomFields(ctx, 'contact');
  const mapping = suggestMapping(headers, customFields);
  const updated = await repo.updateImport(subAccountId, id, {
    fileBytes: total,
    delimiter,
    headers,
    mapping,
    totalRows: counter.total(),
  });
  return toImportView(updated!);
}

export async function getImport(ctx: SubAccountContext, id: string): Promise<ContactImportView> {
  requirePermission(ctx, 'contacts:read');
  const row = await repo.findImport(ctx.subAccountId, id);
  if (!row) throw notFound('Import');
  return toImportView(row);
}

export async function listImports(
  ctx: SubAccountContext,
  page: { limit: number; cursor?: string | undefined },
) {
  requirePermission(ctx, 'contacts:read');
  return newestFirst(
    page,
    ({ before, limit }) => repo.listImports({ subAccountId: ctx.subAccountId, before, limit }),
    (r) => r.id,
    toImportView,
  );
}

/** The wizard's choices; only before the import starts. */
export async function updateImport(
  ctx: SubAccountContext,
  id: string,
  input: UpdateImportInput,
): Promise<ContactImportView> {
  requirePermission(ctx, 'contacts:create');
  const subAccountId = ctx.subAccountId;
  const current = await repo.lockImport(subAccountId, id);
  if (!current) throw notFound('Import');
  if (current.status !== 'uploaded') {
    throw conflict(`This import is ${current.status}; its mapping can only change before it starts`);
  }
  const values: Parameters<typeof repo.updateImport>[2] = {};
  if (input.mapping !== undefined) {
    const unknown = Object.keys(input.mapping).filter((h) => !current.headers.includes(h));
    if (unknown.length > 0) {
      throw invalid(
        'mapping',
        `${JSON.stringify(unknown[0])} is not a header of this file; headers: ${current.headers.join(', ')}`,
      );
    }
    const used = Object.values(input.mapping).filter((f) => f !== 'ignore' && f !== 'tags');
    const twice = used.find((f, i) => used.indexOf(f) !== i);
    if (twice)
      throw invalid('mapping', `${twice} is mapped from two columns; map each field from one column`);
    const keys = new Set((await listCustomFields(ctx, 'contact')).map((f) => f.key));
    const missing = used.find((f) => f.startsWith('custom.') && !keys.has(f.slice('custom.'.length)));
    if (missing) throw invalid('mapping', `${missing}: no such custom field in this sub-account`);
    // Headers left out of the mapping are ignored.
    values.mapping = Object.fromEntries(current.headers.map((h) => [h, input.mapping![h] ?? 'ignore']));
  }
  if (input.duplicatePolicy !== undefined) values.duplicatePolicy = input.duplicatePolicy;
  if (input.tagIds !== undefined) {
    const unique = [...new Set(input.tagIds)];
    const found = new Set(await existingTagIds(subAccountId, unique));
    const foreign = unique.find((t) => !found.has(t));
    if (foreign) throw invalid('tagIds', `${foreign} is not a tag of this sub-account`);
    values.tagIds = unique;
  }
  if (Object.keys(values).length === 0) return toImportView(current);
  return toImportView((await repo.updateImport(subAccountId, id, values))!);
}

export async function startImport(ctx: SubAccountContext, id: string): Promise<ContactImportView> {
  requirePermission(ctx, 'contacts:create');
  const subAccountId = ctx.subAccountId;
  const current = await repo.lockImport(subAccountId, id);
  if (!current) throw notFound('Import');
  if (current.status !== 'uploaded') throw conflict(`This import is already ${current.status}`);
  const mapped = Object.values(current.mapping).filter((f) => f !== 'ignore');
  if (mapped.length === 0) {
    throw invalid('mapping', 'no column is mapped to a field; PATCH the import with a mapping first');
  }
  const updated = await repo.updateImport(subAccountId, id, { status: 'queued' });
  // Sent in this transaction: the job exists if and only if the import is queued.
  await sendJob<RunImportJob>(RUN_IMPORT_JOB, {
    agencyId: ctx.agencyId,
    subAccountId,
    userId: ctx.userId ?? null,
    importId: id,
  });
  return toImportView(updated!);
}

/** Stops an import between batches: what is written stays, the rest is not read. */
export async function cancelImport(ctx: SubAccountContext, id: string): Promise<ContactImportView> {
  requirePermission(ctx, 'contacts:create');
  const subAccountId = ctx.subAccountId;
  const current = await repo.lockImport(subAccountId, id);
  if (!current) throw notFound('Import');
  if (!['uploaded', 'queued', 'running'].includes(current.status)) {
    throw conflict(`This import is already ${current.status}`);
  }
  const updated = await repo.updateImport(subAccountId, id, { status: 'cancelled', finishedAt: new Date() });
  await repo.deleteChunks(subAccountId, id);
  return toImportView(updated!);
}

const ERROR_PAGE = 5_000;

/**
 * The error report as CSV lines, read page by page, each page in its own short transaction so a
 * large report never holds a connection while the client downloads it. The first call checks the
 * import exists (in the request's transaction).
 */
export async function errorReport(ctx: SubAccountContext, id: string): Promise<AsyncIterable<string>> {
  requirePermission(ctx, 'contacts:read');
  const subAccountId = ctx.subAccountId;
  if (!(await repo.findImport(subAccountId, id))) throw notFound('Import');
  async function* lines() {
    yield csvLines([], { header: ['row_number', 'reason'] });
    let after = 0;
    for (;;) {
      // The caller's own access, checked again per page: a revoked one ends the download.
      const page = await inTenant(ctx.principal, { subAccountId }, () =>
        repo.listErrors(subAccountId, id, after, ERROR_PAGE),
      );
      if (page.length === 0) return;
      yield csvLines(page.map((e) => [e.rowNumber, e.reason]));
      after = page.at(-1)!.rowNumber;
      if (page.length < ERROR_PAGE) return;
    }
  }
  return lines();
}
