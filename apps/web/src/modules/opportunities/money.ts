import type { MoneyTotal } from '../../api/opportunities.api.ts';

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

/** "$1,250.00"; `compact` drops the minor digits ("$1,250") for card and column totals. */
export function formatMoney(minor: number, currency: string, compact = false): string {
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
      format = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    }
    formats.set(key, format);
  }
  return format.format(fromMinor(minor, currency));
}

/** "$12,000 · €3,000", or "—" when there is nothing. */
export function formatTotals(totals: MoneyTotal[], weighted = false): string {
  const shown = totals.filter((t) => (weighted ? t.weightedValue : t.value) !== 0);
  if (shown.length === 0) return formatMoney(0, totals[0]?.currency ?? 'USD', true);
  return shown.map((t) => formatMoney(weighted ? t.weightedValue : t.value, t.currency, true)).join(' · ');
}

/** Currencies people pick most; any ISO 4217 code can be typed. */
export const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'INR', 'BRL', 'MXN'];
