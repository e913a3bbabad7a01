import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addSums, compareSums, formatTotals } from './money.ts';

/** Intl formatting an exact decimal string (what a total must equal, never through a float). */
const exact = (decimal: string, currency: string, compact = false) =>
  new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency,
    ...(compact ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}),
  }).format(decimal as unknown as number);

describe('money', () => {
  test('totals skip zero sums and join currencies, exactly', () => {
    const totals = [
      { currency: 'EUR', value: '0', weightedValue: '0' },
      { currency: 'USD', value: '18014398509481982', weightedValue: '11529215046068468' },
    ];
    assert.equal(formatTotals(totals), exact('180143985094819.82', 'USD', true));
    assert.equal(formatTotals(totals, true), exact('115292150460684.68', 'USD', true));
    assert.equal(formatTotals([]), exact('0', 'USD', true));
  });

  test('sums add and compare exactly', () => {
    assert.equal(addSums('9007199254740991', 9007199254740991, 1n), '18014398509481983');
    assert.equal(compareSums('18014398509481983', '18014398509481982'), 1);
    assert.equal(compareSums('-1', '0'), -1);
    assert.equal(compareSums('7', '7'), 0);
  });
});
