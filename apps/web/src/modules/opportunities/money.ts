import type { MoneySum } from '../../api/opportunities.api.ts';
import { formatMoney } from '../../api/schemas.ts';

/*
 * Totals and sums of the dashboard's money. Amounts themselves are formatted by the API's own code
 * (formatMoney, minorDigits, fromMinor, toMinor from api/schemas.ts), as on the contact timeline.
 */

/** Sums of one currency as the API answers them: exact decimal strings of minor units. */
export type MoneySums = { currency: string; value: MoneySum; weightedValue?: MoneySum };

/** "$12,000 · €3,000", or "$0" when there is nothing. */
export function formatTotals(totals: readonly MoneySums[], weighted = false): string {
  const amountOf = (t: MoneySums) => (weighted ? (t.weightedValue ?? '0') : t.value);
  const shown = totals.filter((t) => BigInt(amountOf(t)) !== 0n);
  if (shown.length === 0) return formatMoney(0, totals[0]?.currency ?? 'USD', { compact: true });
  return shown.map((t) => formatMoney(amountOf(t), t.currency, { compact: true })).join(' · ');
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
