import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { contactImportChunks, contactImportErrors, contactImports } from './contact-import.tables.ts';

export type ContactImportRecord = typeof contactImports.$inferSelect;

export async function insertImport(values: typeof contactImports.$inferInsert): Promise<ContactImportRecord> {
  const [row] = await tx().insert(contactImports).values(values).returning();
  return row!;
}

export async function insertChunk(subAccountId: string, importId: string, seq: number, data: Buffer) {
  await tx().insert(contactImportChunks).values({ subAccountId, importId, seq, data });
}

/** One chunk's bytes, or undefined past the last one. */
export async function readChunk(
  subAccountId: string,
  importId: string,
  seq: number,
): Promise<Buffer | undefined> {
  const [row] = await tx()
    .select({ data: contactImportChunks.data })
    .from(contactImportChunks)
    .where(
      and(
        eq(contactImportChunks.subAccountId, subAccountId),
        eq(contactImportChunks.importId, importId),
        eq(contactImportChunks.seq, seq),
      ),
    );
  return row?.data;
}

export async function findImport(subAccountId: string, id: string): Promise<ContactImportRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(contactImports)
    .where(and(eq(contactImports.subAccountId, subAccountId), eq(contactImports.id, id)));
  return row;
}

/** The row locked for this transaction: batches of one import never interleave. */
export async function lockImport(subAccountId: string, id: string): Promise<ContactImportRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(contactImports)
    .where(and(eq(contactImports.subAccountId, subAccountId), eq(contactImports.id, id)))
    .for('update');
  return row;
}

export async function listImports(input: {
  subAccountId: string;
  before: string | undefined;
  limit: number;
}): Promise<ContactImportRecord[]> {
  const where: SQL[] = [eq(contactImports.subAccountId, input.subAccountId)];
  if (input.before) where.push(lt(contactImports.id, input.before));
  return tx()
    .select()
    .from(contactImports)
    .where(and(...where))
    .orderBy(desc(contactImports.id))
    .limit(input.limit + 1);
}

export async function updateImport(
  subAccountId: string,
  id: string,
  values: Partial<typeof contactImports.$inferInsert>,
): Promise<ContactImportRecord | undefined> {
  const [row] = await tx()
    .update(contactImports)
    .set(values)
    .where(and(eq(contactImports.subAccountId, subAccountId), eq(contactImports.id, id)))
    .returning();
  return row;
}

/** Adds one batch's outcome to the progress columns. */
export async function addProgress(
  subAccountId: string,
  id: string,
  delta: { processed: number; created: number; updated: number; skipped: number; errors: number },
): Promise<void> {
  await tx()
    .update(contactImports)
    .set({
      processedRows: sql`${contactImports.processedRows} + ${delta.processed}`,
      createdCount: sql`${contactImports.createdCount} + ${delta.created}`,
      updatedCount: sql`${contactImports.updatedCount} + ${delta.updated}`,
      skippedCount: sql`${contactImports.skippedCount} + ${delta.skipped}`,
      errorCount: sql`${contactImports.errorCount} + ${delta.errors}`,
    })
    .where(and(eq(contactImports.subAccountId, subAccountId), eq(contactImports.id, id)));
}

export async function insertErrors(
  subAccountId: string,
  importId: string,
  errors: { rowNumber: number; reason: string }[],
): Promise<void> {
  if (errors.length === 0) return;
  // One statement per batch; a re-run of a batch (same row numbers) adds nothing.
  const rowNumbers = sql.param(errors.map((e) => e.rowNumber));
  const reasons = sql.param(errors.map((e) => e.reason));
  await tx().execute(
    sql`insert into contact_import_errors (sub_account_id, import_id, row_number, reason)
     select ${subAccountId}, ${importId}, e.row_number, e.reason
       from unnest(${rowNumbers}::int[], ${reasons}::text[]) as e(row_number, reason)
     on conflict do nothing`,
  );
}

/** A page of the error report, by row number. */
export async function listErrors(
  subAccountId: string,
  importId: string,
  afterRow: number,
  limit: number,
): Promise<{ rowNumber: number; reason: string }[]> {
  return tx()
    .select({ rowNumber: contactImportErrors.rowNumber, reason: contactImportErrors.reason })
    .from(contactImportErrors)
    .where(
      and(
        eq(contactImportErrors.subAccountId, subAccountId),
        eq(contactImportErrors.importId, importId),
        gt(contactImportErrors.rowNumber, afterRow),
      ),
    )
    .orderBy(asc(contactImportErrors.rowNumber))
    .limit(limit);
}

/** The uploaded bytes are only needed until the import ends. */
export async function deleteChunks(subAccountId: string, importId: string): Promise<void> {
  await tx()
    .delete(contactImportChunks)
    .where(
      and(eq(contactImportChunks.subAccountId, subAccountId), eq(contactImportChunks.importId, importId)),
    );
}
