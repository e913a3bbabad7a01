import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMoney } from '../../api/schemas.ts';
import { addSums, compareSums, formatTotals } from './money.ts';

// formatMoney is checked against Intl on exact decimals in the API's money.test.ts; totals are
// built on it.
const compact = (minor: string, currency: string) => formatMoney(minor, currency, { compact: true });

describe('money', () => {
  test('totals skip zero sums and join currencies, exactly', () => {
    const totals = [
      { currency: 'EUR', value: '0', weightedValue: '0' },
      { currency: 'USD', value: '18014398509481982', weightedValue: '11529215046068468' },
    ];
    assert.equal(formatTotals(totals), compact('18014398509481982', 'USD'));
    assert.equal(formatTotals(totals, true), compact('11529215046068468', 'USD'));
    assert.equal(formatTotals([]), compact('0', 'USD'));
  });

  test('sums add and compare exactly', () => {
    assert.equal(addSums('9007199254740991', 9007199254740991, 1n), '18014398509481983');
    assert.equal(compareSums('18014398509481983', '18014398509481982'), 1);
    assert.equal(compareSums('-1', '0'), -1);
    assert.equal(compareSums('7', '7'), 0);
  });
});
