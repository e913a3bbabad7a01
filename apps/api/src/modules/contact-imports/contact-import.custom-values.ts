import { AppError } from '../../platform/errors/app-error.ts';
import { type CustomFieldView, validateCustomFieldValues } from '../custom-fields/index.ts';

/**
 * Custom field cells arrive as text; the custom-fields module checks typed values (numbers,
 * booleans, lists). This reads the text the way spreadsheets write it, then lets
 * validateCustomFieldValues apply the field's rules, so an import accepts what the API accepts.
 */

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'on', 'oui', 'ja', 'si', 'sí']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'non', 'nein']);

function typed(
  definition: CustomFieldView,
  cell: string,
  normalizePhone: (raw: string) => string | null,
): unknown {
  switch (definition.type) {
    case 'number': {
      const n = Number(cell.replace(/[\s,]/g, ''));
      return Number.isFinite(n) ? n : cell;
    }
    case 'money': {
      // Files carry amounts ("25.00", "$1,250"); the field stores minor units.
      const n = Number(cell.replace(/[^0-9.-]/g, ''));
      return cell.match(/\d/) && Number.isFinite(n) ? Math.round(n * 100) : cell;
    }
    case 'boolean': {
      const lower = cell.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : cell;
    }
    case 'multi_select':
      return cell
        .split(/[,;|]/)
        .map((o) => o.trim())
        .filter((o) => o.length > 0);
    case 'phone':
      return normalizePhone(cell) ?? cell;
    case 'date':
    case 'single_select':
    case 'email':
    case 'url':
      return cell.trim();
    default:
      return cell;
  }
}

export type CustomCheck = { ok: true; values: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Checks one row's custom values. Only the values given are checked and stored (`existing: {}`):
 * the row may update a contact, whose other values an import must not reset to defaults.
 */
export async function checkCustomValues(input: {
  subAccountId: string;
  definitions: Map<string, CustomFieldView>;
  cells: Record<string, string>;
  normalizePhone: (raw: string) => string | null;
}): Promise<CustomCheck> {
  const values: Record<string, unknown> = {};
  for (const [key, cell] of Object.entries(input.cells)) {
    const definition = input.definitions.get(key);
    values[key] = definition ? typed(definition, cell, input.normalizePhone) : cell;
  }
  try {
    const checked = await validateCustomFieldValues({
      subAccountId: input.subAccountId,
      objectType: 'contact',
      values,
      existing: {},
    });
    return { ok: true, values: checked };
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') {
      const reasons = error.fieldErrors?.map((e) => `${e.field}: ${e.message}`) ?? [error.message];
      return { ok: false, reason: reasons.join('; ') };
    }
    throw error;
  }
}
