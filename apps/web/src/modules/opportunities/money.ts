import type { MoneySum } from '../../api/opportunities.api.ts';

/** Digits after the decimal point in a currency (2 for USD, 0 for JPY, 3 for KWD). */
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

/** Minor units (the API's money) to what people type: 125000 USD -> 1250. */
export function fromMinor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** What people type to minor units, rounded to a whole number: 1250.5 USD -> 125050. */
export function toMinor(amount: number, currency: string): number {
  return Math.round(amount * 10 ** minorDigits(currency));
}

const formats = new Map<string, Intl.NumberFormat>();

function formatOf(currency: string, digits: number, compact: boolean): Intl.NumberFormat {
  const key = `${currency}:${compact}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency,
        maximumFractionDigits: compact ? 0 : undefined,
        minimumFractionDigits: compact ? 0 : undefined,
      });
    } catch {
      const fraction = compact ? 0 : digits;
      format = new Intl.NumberFormat(undefined, {
        maximumFractionDigits: fraction,
        minimumFractionDigits: fraction,
      });
    }
    formats.set(key, format);
  }
  return format;
}

/**
 * "$1,250.00"; `compact` drops the minor digits ("$1,250") for card and column totals. Exact for
 * any amount: sums of minor units (decimal strings) exceed what a JS number holds exactly, so the
 * major and minor parts are split with BigInt and Intl only ever formats whole numbers.
 */
export function formatMoney(minor: number | bigint | MoneySum, currency: string, compact = false): string {
  const digits = minorDigits(currency);
  const format = formatOf(currency, digits, compact);
  const amount = BigInt(minor);
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const scale = 10n ** BigInt(digits);
  // Compact rounds half away from zero to whole units, as Intl does for numbers.
  const major = compact ? (magnitude + scale / 2n) / scale : magnitude / scale;
  // -0 keeps the minus sign of an amount under one major unit ("-$0.50").
  const signed = negative ? (major === 0n ? -0 : -major) : major;
  if (compact) return format.format(signed);
  const fraction = (magnitude % scale).toString().padStart(digits, '0');
  return format
    .formatToParts(signed)
    .map((part) => (part.type === 'fraction' ? fraction : part.value))
    .join('');
}

/** Sums of one currency as the API answers them: exact decimal strings of minor units. */
export type MoneySums = { currency: string; value: MoneySum; weightedValue?: MoneySum };

/** "$12,000 · €3,000", or "$0" when there is nothing. */
export function formatTotals(totals: readonly MoneySums[], weighted = false): string {
  const amountOf = (t: MoneySums) => (weighted ? (t.weightedValue ?? '0') : t.value);
  const shown = totals.filter((t) => BigInt(amountOf(t)) !== 0n);
  if (shown.length === 0) return formatMoney(0, totals[0]?.currency ?? 'USD', true);
  return shown.map((t) => formatMoney(amountOf(t), t.currency, true)).join(' · ');
}

/** Adds sums of minor units exactly (BigInt), as the API's decimal strings. */
export const addSums = (...sums: (MoneySum | number | bigint)[]): MoneySum =>
  sums.reduce<bigint>((total, s) => total + BigInt(s), 0n).toString();

/** Orders two sums of minor units exactly: negative, zero or positive, as a sort comparator wants. */
export const compareSums = (a: MoneySum, b: MoneySum): number => {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Currencies people pick most; any ISO 4217 code can be typed. */
export const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'INR', 'BRL', 'MXN'];
