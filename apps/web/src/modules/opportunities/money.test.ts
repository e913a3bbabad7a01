import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addSums, compareSums, formatMoney, formatTotals } from './money.ts';

/** Intl formatting an exact decimal string (what formatMoney must equal, never through a float). */
const exact = (decimal: string, currency: string, compact = false) =>
  new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency,
    ...(compact ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}),
  }).format(decimal as unknown as number);

describe('money', () => {
  test('formats sums past the largest exact JS number to the last minor unit', () => {
    const cases: [string, string, string][] = [
      ['18014398509481982', 'USD', '180143985094819.82'],
      ['27021597764222973', 'EUR', '270215977642229.73'],
      ['18014398509481982', 'JPY', '18014398509481982'],
      ['18014398509481982', 'KWD', '18014398509481.982'],
      ['-18014398509481905', 'USD', '-180143985094819.05'],
      ['-50', 'USD', '-0.50'],
      ['0', 'USD', '0'],
    ];
    for (const [minor, currency, decimal] of cases) {
      assert.equal(formatMoney(minor, currency), exact(decimal, currency), `${minor} ${currency}`);
      assert.equal(formatMoney(minor, currency, true), exact(decimal, currency, true), `${minor} compact`);
    }
    // A float would have shown ...819.80.
    assert.match(formatMoney('18014398509481982', 'USD'), /180,143,985,094,819\.82/);
  });

  test('compact rounds half away from zero, as Intl does', () => {
    assert.equal(formatMoney(250, 'USD', true), exact('2.5', 'USD', true));
    assert.equal(formatMoney(249, 'USD', true), exact('2', 'USD', true));
    assert.equal(formatMoney(-250, 'USD', true), exact('-2.5', 'USD', true));
  });

  test('single values format as before; totals skip zero sums and join currencies', () => {
    assert.equal(formatMoney(125000, 'USD'), exact('1250', 'USD'));
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
