import { type Options, type Stringifier, stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

/** What a CSV cell may hold; null is an empty cell. */
export type CsvValue = string | number | null;

/**
 * How every CSV the product writes is written (exports, import error reports): RFC 4180 with CRLF
 * line ends, quotes where needed, and text that a spreadsheet would run as a formula (a cell
 * starting with = + - @, a tab or a carriage return, or their full-width forms) prefixed with a
 * quote, as OWASP advises against CSV injection. Numbers are written as they are: a number's text
 * (a negative one starts with -) is only ever that number, never a formula.
 */
const CSV_OPTIONS = {
  escape_formulas: true,
  record_delimiter: 'windows',
  // A lone \n or \r in a cell is quoted too (csv-stringify stops doing so once told the delimiter).
  quote_record_delimiter: true,
} as const satisfies Options;

/** One cell as it appears in a CSV line, neutralised and quoted like every cell the product writes. */
export function csvCell(value: CsvValue): string {
  return stringifySync([[value]], CSV_OPTIONS).slice(0, -'\r\n'.length);
}

/** Rows (and a header row first, when given) as CSV lines, each ending in CRLF. */
export function csvLines(rows: CsvValue[][], options: { header?: string[] } = {}): string {
  return stringifySync(options.header ? [options.header, ...rows] : rows, CSV_OPTIONS);
}

/** A stream of CSV text from rows written to it, a header row first (optionally a UTF-8 BOM before it). */
export function csvStream(options: { header: string[]; bom?: boolean }): Stringifier {
  return stringify({ ...CSV_OPTIONS, header: true, columns: options.header, bom: options.bom ?? false });
}
