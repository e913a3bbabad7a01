import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { asSystem, type SystemWork } from '../../platform/access/access.ts';
import { txSql } from '../../platform/db/tenant.ts';
import { sqlState } from '../../platform/db/errors.ts';
import { recordEvent } from './contact-import.events.ts';
import { newId } from '../../platform/ids/ids.ts';
import { defineJob } from '../../platform/jobs/job-handlers.ts';
import type { Job, JobOwner } from '../../platform/jobs/job-queue.ts';
import { subAccountSettings } from '../agencies/index.ts';
import { contactImportWrite as write, normalizePhone } from '../contacts/index.ts';
import { applyCustomFieldDefaults, type CustomFieldView, listCustomFields } from '../custom-fields/index.ts';
import { type NewCustomFields, planBatch, type ValidRow } from './contact-import.batch.ts';
import { checkCustomValues } from './contact-import.custom-values.ts';
import { columnFields, type MappedRow, mapRow } from './contact-import.rows.ts';
import * as repo from './contact-import.repository.ts';
import type { DuplicatePolicy } from './contact-import.schemas.ts';
import { RUN_IMPORT_JOB, type RunImportJob } from './contact-import.service.ts';

/**
 * Rows per transaction: big enough for set-based writes to pay, small enough to retry cheaply. It
 * also bounds the id lists of a contacts.imported event (contact-import.events.ts checks it).
 */
export const BATCH_ROWS = 1_000;
const RETRY_LIMIT = 5;
/**
 * How long a run's claim on the import lasts without renewal: the worker renews it every 10 s
 * while the run is alive, however long the import takes, and a run whose process died is taken
 * over by another worker (or the restarted one) within a minute.
 */
const LEASE_SECONDS = 30;

type Setup = {
  /** The import as the system's work on behalf of whoever started it. */
  work: ImportWork;
  subAccountId: string;
  importId: string;
  fields: (string | undefined)[];
  policy: DuplicatePolicy;
  tagIds: string[];
  defaultCountry: string;
  definitions: Map<string, CustomFieldView>;
  /** Defaults and required fields for new contacts; undefined when no field has either. */
  newCustomFields: NewCustomFields | undefined;
  /** Whether a batch may be written beside the one before it (see canOverlap). */
  overlap: boolean;
  /** The job's try running this import, when it runs as a job: a try that lost it stops. */
  owner: JobOwner | undefined;
};

type ImportWork = SystemWork & { subAccountId: string };

type Outcome = {
  created: string[];
  updated: string[];
  /** Rows that updated a contact (two rows of the file may update one). */
  updatedRows: number;
  skipped: number;
  errors: { rowNumber: number; reason: string }[];
};

/** A row of the file, mapped to contact fields as it was parsed (custom values not yet checked). */
type RawRow = { rowNumber: number; mapped: MappedRow };

/** The stored file, chunk by chunk, each read in its own short transaction. */
async function* chunks(work: ImportWork, subAccountId: string, importId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const data = await asSystem(work, () => repo.readChunk(subAccountId, importId, seq));
    if (!data) return;
    yield data;
  }
}

/**
 * Validates, plans and writes rows, in the caller's transaction. `earlierWritten` settles once the
 * batch before this one (running beside it) has written its rows: tags are created after that, so
 * two batches naming a new tag never wait on each other's insert of it the wrong way round.
 */
async function writeRows(setup: Setup, rows: RawRow[], earlierWritten?: Promise<void>): Promise<Outcome> {
  const phone = (raw: string) => normalizePhone(raw, setup.defaultCountry);
  const errors: Outcome['errors'] = [];
  const valid: ValidRow[] = [];
  for (const row of rows) {
    const { mapped } = row;
    if (!mapped.ok) {
      errors.push({ rowNumber: row.rowNumber, reason: mapped.reason });
      continue;
    }
    if (Object.keys(mapped.custom).length > 0) {
      const checked = await checkCustomValues({
        subAccountId: setup.subAccountId,
        definitions: setup.definitions,
        cells: mapped.custom,
        normalizePhone: phone,
      });
      if (!checked.ok) {
        errors.push({ rowNumber: row.rowNumber, reason: checked.reason });
        continue;
      }
      mapped.values.customFields = checked.values;
    }
    valid.push({ rowNumber: row.rowNumber, values: mapped.values });
  }
  const existing =
    setup.policy === 'create'
      ? []
      : await write.findContactsByEmailOrPhone(
          setup.subAccountId,
          [...new Set(valid.flatMap((r) => (r.values.email ? [r.values.email] : [])))],
          [...new Set(valid.flatMap((r) => (r.values.phone ? [r.values.phone] : [])))],
        );
  const plan = planBatch({
    rows: valid,
    policy: setup.policy,
    existing,
    newId,
    newCustomFields: setup.newCustomFields,
  });
  errors.push(...plan.errors);
  const created = await write.insertImportedContacts(setup.subAccountId, plan.inserts);
  const updated = await write.updateImportedContacts(setup.subAccountId, plan.updates);
  const names = [...plan.tagNames.values()].flat();
  await earlierWritten;
  const tagIdsByName = await write.ensureTagsByName(setup.subAccountId, names, newId);
  const pairs: { contactId: string; tagId: string }[] = [];
  for (const id of [...created, ...updated]) {
    for (const tagId of setup.tagIds) pairs.push({ contactId: id, tagId });
  }
  for (const [contactId, tagNames] of plan.tagNames) {
    for (const name of tagNames) {
      const tagId = tagIdsByName.get(name.toLowerCase());
      if (tagId) pairs.push({ contactId, tagId });
    }
  }
  await write.addImportedTags(setup.subAccountId, pairs);
  return { created, updated, updatedRows: plan.updatedRows, skipped: plan.skippedRows, errors };
}

const isDataError = (error: unknown) => {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
};

/**
 * A batch the database refused as a whole (a value our checks let through but a constraint did
 * not): written again row by row, each in a savepoint, so only the bad rows become errors.
 */
async function writeRowsOneByOne(
  setup: Setup,
  rows: RawRow[],
  earlierWritten?: Promise<void>,
): Promise<Outcome> {
  const total: Outcome = { created: [], updated: [], updatedRows: 0, skipped: 0, errors: [] };
  const sql = txSql();
  for (const row of rows) {
    await sql.query('savepoint import_row');
    try {
      const one = await writeRows(setup, [row], earlierWritten);
      await sql.query('release savepoint import_row');
      total.created.push(...one.created);
      total.updated.push(...one.updated);
      total.updatedRows += one.updatedRows;
      total.skipped += one.skipped;
      total.errors.push(...one.errors);
    } catch (error) {
      if (!isDataError(error)) throw error;
      await sql.query('rollback to savepoint import_row');
      total.errors.push({
        rowNumber: row.rowNumber,
        reason: `could not be saved: ${(error as Error).message}`,
      });
    }
  }
  return total;
}

/** Thrown inside a batch's transaction to roll it back: the import went on without it. */
class BatchStopped extends Error {}

/** A batch being written, as the batch after it sees it. */
type BatchRun = {
  /** Settles once the batch has written its rows (or failed to). */
  written: Promise<void>;
  /** true once it committed; false when it was rolled back because the import went on without it. */
  committed: Promise<boolean>;
};

/**
 * Whether a batch may be written while the one before it is still being written, in a second
 * transaction (two cores, two backends). Only when neither can change what the other decides, and
 * neither can wait for a row the other holds:
 * - not with policy 'update': it may change an existing contact's email or phone, which the other's
 *   duplicate lookup reads; and both could update the same contact, the later batch first, so the
 *   earlier would wait for the later's lock while the later waits (here, not in the database) for
 *   the earlier to commit: a deadlock nothing would break;
 * - no unique custom field, whose values are checked across rows;
 * - no email or phone in both: a duplicate of a contact the other batch is creating is not visible
 *   to a lookup until that batch commits.
 * Otherwise the batch waits for the one before it to commit. With these rules a batch only ever
 * inserts new rows beside the other; the one shared insert, of new tags, waits (see writeRows).
 */
function canOverlap(setup: Setup, earlier: RawRow[], later: RawRow[]): boolean {
  if (!setup.overlap) return false;
  const keys = (row: RawRow) =>
    row.mapped.ok
      ? [row.mapped.values.email?.toLowerCase(), row.mapped.values.phone].filter((k) => k != null)
      : [];
  const taken = new Set(earlier.flatMap(keys));
  return !later.some((row) => keys(row).some((k) => taken.has(k)));
}

/**
 * One batch in one transaction: its contacts, tags, error rows, progress and event commit
 * together, so after a crash the job resumes from processed_rows and a batch is never applied
 * twice. Batches commit in file order: the progress step waits for the batch before (`earlier`,
 * possibly written at the same time), then locks the import row and checks that the progress is
 * where this batch starts, and that this run's try still owns the job (a try whose lease lapsed
 * cannot commit after its successor read the progress). A run of the same import racing this one,
 * a cancelled import or a failed batch before this one rolls the batch back.
 */
function runBatch(setup: Setup, rows: RawRow[], expectedDone: number, earlier?: BatchRun): BatchRun {
  let markWritten!: () => void;
  const written = new Promise<void>((resolve) => (markWritten = resolve));
  const committed = asSystem(setup.work, async () => {
    const sql = txSql();
    // No wait for the commit's WAL flush: a batch lost in a crash is one whose progress was lost
    // with it, so the retry writes it again (and only it). One round trip for both.
    await sql.exec('set local synchronous_commit = off; savepoint import_batch');
    let outcome: Outcome;
    try {
      outcome = await writeRows(setup, rows, earlier?.written);
      await sql.query('release savepoint import_batch');
    } catch (error) {
      if (!isDataError(error)) throw error;
      await sql.query('rollback to savepoint import_batch');
      outcome = await writeRowsOneByOne(setup, rows, earlier?.written);
    }
    markWritten();
    if (earlier && !(await earlier.committed)) throw new BatchStopped();
    const current = await repo.lockImport(setup.subAccountId, setup.importId);
    if (!current || current.status !== 'running' || current.processedRows !== expectedDone)
      throw new BatchStopped();
    await setup.owner?.assertOwner();
    await repo.insertErrors(setup.subAccountId, setup.importId, outcome.errors);
    await repo.addProgress(setup.subAccountId, setup.importId, {
      processed: rows.length,
      created: outcome.created.length,
      updated: outcome.updatedRows,
      skipped: outcome.skipped,
      errors: outcome.errors.length,
    });
    if (outcome.created.length > 0 || outcome.updated.length > 0) {
      // One event per batch, not per contact: a million-row import would otherwise write a
      // million outbox rows and wake every subscriber a million times. Subscribers that act per
      // contact (smart lists, workflows) expand the id lists.
      await recordEvent({
        type: 'contacts.imported',
        agencyId: setup.work.agencyId,
        subAccountId: setup.subAccountId,
        actorUserId: setup.work.onBehalfOfUserId ?? undefined,
        payload: { importId: setup.importId, createdIds: outcome.created, updatedIds: outcome.updated },
      });
    }
  }).then(
    () => true,
    (error: unknown) => {
      if (error instanceof BatchStopped) return false;
      throw error;
    },
  );
  // A batch that failed before writing everything must not hold the next one up.
  committed.then(markWritten, markWritten);
  return { written, committed };
}

async function finish(
  setup: Setup,
  done: number,
  parseError: { rowNumber: number; reason: string } | undefined,
) {
  await asSystem(setup.work, async () => {
    const current = await repo.lockImport(setup.subAccountId, setup.importId);
    if (!current || current.status !== 'running' || current.processedRows !== done) return;
    await setup.owner?.assertOwner();
    if (parseError) {
      await repo.insertErrors(setup.subAccountId, setup.importId, [parseError]);
      await repo.addProgress(setup.subAccountId, setup.importId, {
        processed: 0,
        created: 0,
        updated: 0,
        skipped: 0,
        errors: 1,
      });
    }
    await repo.updateImport(setup.subAccountId, setup.importId, {
      status: 'completed',
      finishedAt: new Date(),
      totalRows: done + (parseError ? 1 : 0),
    });
    await repo.deleteChunks(setup.subAccountId, setup.importId);
  });
}

function importWork(data: RunImportJob): ImportWork {
  return {
    work: RUN_IMPORT_JOB,
    agencyId: data.agencyId,
    subAccountId: data.subAccountId,
    onBehalfOfUserId: data.userId,
    permissions: ['contacts:create', 'contacts:update'],
  };
}

/**
 * Runs (or resumes, after `processed_rows`) an import. `owner` is the job's try when it runs as a
 * job: once another try took the job over, this run stops before its next batch and none of its
 * batches commits.
 */
export async function runImport(data: RunImportJob, owner?: JobOwner): Promise<void> {
  const work = importWork(data);
  const { subAccountId, importId } = data;
  const prepared = await asSystem(work, async (ctx) => {
    const current = await repo.lockImport(subAccountId, importId);
    if (!current || (current.status !== 'queued' && current.status !== 'running')) return undefined;
    if (current.status === 'queued') {
      await repo.updateImport(subAccountId, importId, { status: 'running', startedAt: new Date() });
    }
    const { defaultCountry } = await subAccountSettings(subAccountId);
    const definitions = await listCustomFields(ctx, 'contact');
    return { current, defaultCountry, definitions };
  });
  if (!prepared) return;
  const { current } = prepared;
  const setup: Setup = {
    work,
    subAccountId,
    importId,
    fields: columnFields(current.headers, current.mapping),
    policy: current.duplicatePolicy as DuplicatePolicy,
    tagIds: current.tagIds,
    defaultCountry: prepared.defaultCountry,
    definitions: new Map(prepared.definitions.map((d) => [d.key, d])),
    newCustomFields: prepared.definitions.some((d) => d.required || d.defaultValue != null)
      ? (given) => applyCustomFieldDefaults(prepared.definitions, given)
      : undefined,
    overlap: current.duplicatePolicy !== 'update' && !prepared.definitions.some((d) => d.isUnique),
    owner,
  };
  let done = current.processedRows;
  const parser = parse({
    delimiter: current.delimiter ?? ',',
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: 1024 * 1024,
  });
  const source = Readable.from(chunks(work, subAccountId, importId));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const phone = (raw: string) => normalizePhone(raw, setup.defaultCountry);
  const resumeAfter = done;
  let index = -1;
  let batch: RawRow[] = [];
  let parseError: { rowNumber: number; reason: string } | undefined;
  // Batches are written while the next ones are parsed, and two at a time when they cannot
  // collide (canOverlap): the database and this process work at the same time, on both cores.
  // They still commit one after the other, each where the last one ended.
  type Dispatched = { run: BatchRun; rows: RawRow[]; end: number; settled: Promise<boolean> };
  const inFlight: Dispatched[] = [];
  let failure: { error: unknown } | undefined;
  /** Waits for the oldest batch in flight; false when the import stops there. */
  const retireOldest = async () => {
    const oldest = inFlight.shift()!;
    const ok = await oldest.settled;
    if (failure) throw failure.error;
    if (ok) done = oldest.end;
    return ok;
  };
  const retireAll = async () => {
    while (inFlight.length > 0) if (!(await retireOldest())) return false;
    return true;
  };
  const flush = async () => {
    if (batch.length === 0) return true;
    owner?.signal.throwIfAborted();
    const rows = batch;
    batch = [];
    while (inFlight.length > 1 || (inFlight.length === 1 && !canOverlap(setup, inFlight[0]!.rows, rows)))
      if (!(await retireOldest())) return false;
    const earlier = inFlight[0];
    const start = earlier ? earlier.end : done;
    const run = runBatch(setup, rows, start, earlier?.run);
    const settled = run.committed.catch((error: unknown) => {
      failure ??= { error };
      return false;
    });
    inFlight.push({ run, rows, end: start + rows.length, settled });
    return true;
  };
  /** Lets every batch in flight finish (commit or roll back) before the job ends or fails. */
  const drain = () => Promise.all(inFlight.map((b) => b.settled));
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      index++;
      // Record 0 is the header; data row n is row n + 1 of the file (as a spreadsheet numbers it).
      if (index === 0 || index <= resumeAfter) continue;
      batch.push({ rowNumber: index + 1, mapped: mapRow(record, setup.fields, { normalizePhone: phone }) });
      if (batch.length >= BATCH_ROWS && !(await flush())) {
        source.destroy();
        await drain();
        return;
      }
    }
  } catch (error) {
    if (!(error instanceof CsvError)) {
      await drain();
      throw error;
    }
    parseError = { rowNumber: index + 2, reason: `is not valid CSV: ${error.message}` };
  }
  try {
    if (!(await flush()) || !(await retireAll())) return;
  } finally {
    await drain();
  }
  await finish(setup, done, parseError);
}

async function markFailed(data: RunImportJob): Promise<void> {
  await asSystem(importWork(data), async () => {
    const current = await repo.lockImport(data.subAccountId, data.importId);
    if (current && (current.status === 'running' || current.status === 'queued')) {
      await repo.updateImport(data.subAccountId, data.importId, {
        status: 'failed',
        finishedAt: new Date(),
      });
    }
  });
}

export const runImportJob = defineJob<RunImportJob>(
  RUN_IMPORT_JOB,
  async (job: Job<RunImportJob>) => {
    try {
      await runImport(job.data, job);
    } catch (error) {
      // The last try: the import says failed instead of running forever; earlier tries resume.
      if (job.attempt > RETRY_LIMIT) await markFailed(job.data);
      throw error;
    }
  },
  // A million rows take minutes: the lease, not an expiry, notices a crash. A retry starts at once,
  // since most retries are takeovers of a crashed run, and resumes where it stopped.
  { queue: { retryLimit: RETRY_LIMIT, retryDelay: 0, lease: { seconds: LEASE_SECONDS } } },
);
