import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { YEARS_MESSAGE, isStorableInstant, isTimestampText, isoDate, isoDateTime } from './dates.ts';

/** The one message of a refused value (a value has one thing wrong with it, said once). */
const issue = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? undefined : result.error?.issues.map((i) => i.message).join('; ');

describe('dates', () => {
  test('isoDate: real days in the years 0001 to 9999', () => {
    const date = isoDate({ error: 'must be a date, e.g. 2026-01-31' });
    for (const ok of ['0001-01-01', '2024-02-29', '9999-12-31'])
      assert.equal(issue(date.safeParse(ok)), undefined, ok);
    assert.equal(issue(date.safeParse('0000-01-01')), YEARS_MESSAGE);
    for (const bad of ['10000-01-01', '2025-02-29', '2025-13-01', '31/01/2025'])
      assert.equal(issue(date.safeParse(bad)), 'must be a date, e.g. 2026-01-31', bad);
  });

  test('isoDateTime: the instant, offsets applied, is in the years 0001 to 9999', () => {
    const dateTime = isoDateTime({ offset: true, error: 'must be an ISO 8601 date-time' });
    for (const ok of ['0001-01-01T00:00:00Z', '2026-01-31T09:15:00.123+05:30', '9999-12-31T23:59:59Z'])
      assert.equal(issue(dateTime.safeParse(ok)), undefined, ok);
    for (const bad of ['0000-01-01T00:00:00Z', '0001-01-01T00:30:00+01:00', '9999-12-31T23:00:00-02:00'])
      assert.equal(issue(dateTime.safeParse(bad)), YEARS_MESSAGE, bad);
    assert.equal(issue(dateTime.safeParse('10000-01-01T00:00:00Z')), 'must be an ISO 8601 date-time');
    assert.equal(
      issue(isoDateTime({ error: 'zulu only' }).safeParse('2026-01-31T09:15:00+01:00')),
      'zulu only',
    );
  });

  test('isStorableInstant and isTimestampText', () => {
    assert.equal(isStorableInstant(new Date('0001-01-01T00:00:00Z')), true);
    assert.equal(isStorableInstant(new Date('0000-12-31T23:59:59Z')), false);
    assert.equal(isStorableInstant(new Date('+010000-01-01T00:00:00Z')), false);
    assert.equal(isStorableInstant(new Date('nonsense')), false);
    for (const ok of [
      '2026-01-31 09:15:00.123456+00',
      '2026-01-31T09:15:00.123Z',
      '2026-01-31 09:15:00+05:30',
    ])
      assert.equal(isTimestampText(ok), true, ok);
    for (const bad of [
      '0000-01-01 00:00:00+00',
      '2026-02-30 00:00:00+00',
      '2026-01-31 09:60:00+00',
      'now',
      42,
    ])
      assert.equal(isTimestampText(bad), false, String(bad));
  });
});
