import { Readable } from 'node:stream';
import {
  type Actor,
  inTenant,
  type SubAccountContext,
  requirePermission,
} from '../../platform/access/access.ts';
import { invalid } from '../../platform/errors/app-error.ts';
import { type CsvValue, csvStream } from '../../platform/http/csv.ts';
import type { ContactFilter } from './contact-filter.ts';
import { EXPORT_COLUMNS, type BuiltInColumn, type ExportContactsInput } from './contact-export.schemas.ts';
import {
  compileFilterFor,
  contactFields,
  contactsByIds,
  pageOfMatches,
  sortPlan,
  type ContactField,
} from './contact-search.service.ts';
import type { ContactView } from './contact.schemas.ts';

/** Rows per database round trip; each page is its own short transaction. */
export const EXPORT_PAGE = 500;

type Column = { header: string; value: (c: ContactView) => CsvValue };

function columnsOf(names: string[], fields: Map<string, ContactField>): Column[] {
  return names.map((name, i) => {
    const custom = /^(?:custom|customFields)\.(.+)$/.exec(name);
    if (custom) {
      const field = fields.get(custom[1]!);
      if (!field) throw invalid(`columns[${i}]`, `no contact custom field has the key '${custom[1]}'`);
      return {
        header: field.name,
        value: (c) => {
          const v = c.customFields[field.key];
          if (v === undefined || v === null) return null;
          return Array.isArray(v)
            ? v.join('; ')
            : typeof v === 'object'
              ? JSON.stringify(v)
              : (v as string | number);
        },
      };
    }
    const key = name as BuiltInColumn;
    const header = EXPORT_COLUMNS[key];
    switch (key) {
      case 'name':
        return { header, value: (c) => c.fullName };
      case 'tags':
        return { header, value: (c) => c.tags.map((t) => t.name).join('; ') };
      case 'additionalPhones':
        return { header, value: (c) => c.additionalPhones.join('; ') };
      default:
        return { header, value: (c) => c[key] as string | number | null };
    }
  });
}

export type ExportPlan = {
  /** Who asked, and where: each page is read with their access, resolved again. */
  actor: Actor;
  subAccountId: string;
  columns: Column[];
  sort: string;
  filter: ContactFilter;
};

/**
 * Checks the request in the caller's transaction (permission, columns, filter references) and
 * returns what the stream needs; the rows are read afterwards, page by page, each page in its own
 * transaction, so an export of a million contacts never holds one open or all rows in memory.
 */
export async function prepareExport(ctx: SubAccountContext, input: ExportContactsInput): Promise<ExportPlan> {
  requirePermission(ctx, 'contacts:read');
  const fields = await contactFields(ctx);
  const filter: ContactFilter = input.contactIds ? { contactIds: input.contactIds } : (input.filter ?? {});
  await compileFilterFor(ctx, filter, { checkReferences: true, fields });
  sortPlan(input.sort, fields);
  return {
    actor: ctx.principal,
    subAccountId: ctx.subAccountId,
    columns: columnsOf(input.columns, fields),
    sort: input.sort,
    filter,
  };
}

/** The export's rows, one keyset page (one short transaction) at a time. */
async function* rowsOf(plan: ExportPlan): AsyncGenerator<CsvValue[]> {
  let after: { value: string | null; id: string } | undefined;
  for (;;) {
    const page = await inTenant(plan.actor, { subAccountId: plan.subAccountId }, async (ctx) => {
      requirePermission(ctx, 'contacts:read');
      const fields = await contactFields(ctx);
      const where = await compileFilterFor(ctx, plan.filter, { checkReferences: false, fields });
      const ids = await pageOfMatches({
        where,
        plan: sortPlan(plan.sort, fields),
        sort: plan.sort,
        after,
        limit: EXPORT_PAGE,
      });
      return { contacts: await contactsByIds(ctx, ids.ids), last: ids.last, more: ids.nextCursor !== null };
    });
    for (const contact of page.contacts) yield plan.columns.map((c) => c.value(contact));
    if (!page.more) return;
    after = page.last;
  }
}

/**
 * The CSV: UTF-8 with a BOM (so spreadsheet apps read accents right), a header row, then the rows,
 * written like every CSV of the product (formula-like text neutralised, see platform/http/csv.ts).
 */
export function exportCsv(plan: ExportPlan): Readable {
  const source = Readable.from(rowsOf(plan));
  const csv = csvStream({ header: plan.columns.map((c) => c.header), bom: true });
  source.on('error', (error) => csv.destroy(error));
  return source.pipe(csv);
}
