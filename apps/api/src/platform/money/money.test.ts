import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatMoney, fromMinor, minorDigits, toMinor } from './money.ts';

/** Intl formatting an exact decimal string (what formatMoney must equal, never through a float). */
const exact = (decimal: string, currency: string, compact = false) =>
  new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency,
    ...(compact ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}),
  }).format(decimal as unknown as number);

describe('money', () => {
  test('a currency has the minor digits ISO 4217 gives it', () => {
    assert.deepEqual(['USD', 'JPY', 'KWD', 'not-a-code'].map(minorDigits), [2, 0, 3, 2]);
    assert.equal(fromMinor(125000, 'USD'), 1250);
    assert.equal(fromMinor(250000, 'JPY'), 250000);
    assert.equal(toMinor(1250.5, 'USD'), 125050);
    assert.equal(toMinor(1.5, 'KWD'), 1500);
  });

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
      assert.equal(
        formatMoney(minor, currency, { compact: true }),
        exact(decimal, currency, true),
        `${minor} compact`,
      );
    }
    // A float would have shown ...819.80.
    assert.match(formatMoney('18014398509481982', 'USD'), /180,143,985,094,819\.82/);
    assert.equal(formatMoney(125000n, 'USD'), exact('1250', 'USD'));
  });

  test('compact rounds half away from zero, as Intl does', () => {
    assert.equal(formatMoney(250, 'USD', { compact: true }), exact('2.5', 'USD', true));
    assert.equal(formatMoney(249, 'USD', { compact: true }), exact('2', 'USD', true));
    assert.equal(formatMoney(-250, 'USD', { compact: true }), exact('-2.5', 'USD', true));
  });

  test("in a given locale, by the currency's minor unit: yen have none, dinars three", () => {
    assert.equal(formatMoney(1500, 'USD', { locale: 'en' }), '$15.00');
    assert.equal(formatMoney(250000, 'JPY', { locale: 'en' }), '¥250,000');
    assert.equal(formatMoney(1500, 'KWD', { locale: 'en' }).replace(/\s/g, ' '), 'KWD 1.500');
    assert.equal(formatMoney(123456, 'EUR', { locale: 'de' }).replace(/\s/g, ' '), '1.234,56 €');
  });

  test('a code Intl does not know shows the number and the code as given', () => {
    assert.equal(formatMoney(123456, 'XX1', { locale: 'en' }), '1,234.56 XX1');
    assert.equal(formatMoney(123456, 'XX1', { locale: 'en', compact: true }), '1,235 XX1');
  });
});
