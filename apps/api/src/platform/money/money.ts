/**
 * Money as the API carries it: whole minor units (cents, yen, fils) of an ISO 4217 currency, sums as
 * exact decimal strings. This file imports nothing, so the dashboard bundles it too (through
 * apps/web/src/api/schemas.ts): an amount reads the same on a timeline line as on a pipeline card.
 */

/** Digits after the decimal point in a currency: 2 for USD, 0 for JPY, 3 for KWD (2 if unknown). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Minor units to what people type: 125000 USD -> 1250. */
export function fromMinor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** What people type to minor units, rounded to a whole number: 1250.5 USD -> 125050. */
export function toMinor(amount: number, currency: string): number {
  return Math.round(amount * 10 ** minorDigits(currency));
}

export type MoneyFormat = {
  /** Drop the minor digits ("$1,250") for card and column totals. */
  compact?: boolean;
  /** A BCP 47 locale; the runtime's (the reader's browser) when absent. */
  locale?: string | undefined;
};

type Format = { format: Intl.NumberFormat; hasCurrency: boolean };
const formats = new Map<string, Format>();

function formatOf(currency: string, digits: number, compact: boolean, locale: string | undefined): Format {
  const key = `${locale ?? ''}:${currency}:${compact}`;
  let format = formats.get(key);
  if (!format) {
    const fraction = compact ? 0 : undefined;
    try {
      format = {
        format: new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          maximumFractionDigits: fraction,
          minimumFractionDigits: fraction,
        }),
        hasCurrency: true,
      };
    } catch {
      // Not a currency Intl knows: the number in its digits, followed by the code as given.
      const shown = compact ? 0 : digits;
      format = {
        format: new Intl.NumberFormat(locale, { maximumFractionDigits: shown, minimumFractionDigits: shown }),
        hasCurrency: false,
      };
    }
    formats.set(key, format);
  }
  return format;
}

/**
 * Minor units in their currency: 125000 USD is "$1,250.00", 250000 JPY "¥250,000". Exact for any
 * amount: sums of minor units (decimal strings) exceed what a JS number holds exactly, so the major
 * and minor parts are split with BigInt and Intl only ever formats whole numbers.
 */
export function formatMoney(
  minor: number | bigint | string,
  currency: string,
  options: MoneyFormat = {},
): string {
  const compact = options.compact ?? false;
  const digits = minorDigits(currency);
  const { format, hasCurrency } = formatOf(currency, digits, compact, options.locale);
  const amount = BigInt(typeof minor === 'number' ? Math.round(minor) : minor);
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const scale = 10n ** BigInt(digits);
  // Compact rounds half away from zero to whole units, as Intl does for numbers.
  const major = compact ? (magnitude + scale / 2n) / scale : magnitude / scale;
  // -0 keeps the minus sign of an amount under one major unit ("-$0.50").
  const signed = negative ? (major === 0n ? -0 : -major) : major;
  const fraction = (magnitude % scale).toString().padStart(digits, '0');
  const text = compact
    ? format.format(signed)
    : format
        .formatToParts(signed)
        .map((part) => (part.type === 'fraction' ? fraction : part.value))
        .join('');
  return hasCurrency ? text : `${text} ${currency}`;
}
