import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../errors/app-error.ts';
import { type CursorPart, decodeCursor, encodeCursor } from './pagination.ts';

const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const b64 = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

function refused(cursor: string, shape: readonly CursorPart[]): void {
  assert.throws(
    () => decodeCursor(cursor, shape),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === 'validation_failed' &&
      error.message === 'cursor: not a cursor from this list; pass nextCursor unchanged',
    `${Buffer.from(cursor, 'base64url').toString()} as ${shape.join(', ')}`,
  );
}

describe('cursors', () => {
  test("a list's own cursors decode to typed values", () => {
    assert.equal(decodeCursor(undefined, ['uuid']), undefined);
    assert.deepEqual(decodeCursor(encodeCursor(['Zoë', id]), ['text', 'uuid']), ['Zoë', id]);
    assert.deepEqual(decodeCursor(encodeCursor([3, id]), ['int', 'uuid']), [3, id]);
    assert.deepEqual(decodeCursor(encodeCursor([1, id]), ['flag', 'uuid']), [true, id]);
    assert.deepEqual(decodeCursor(encodeCursor([0, id]), ['flag', 'uuid']), [false, id]);
    for (const time of [
      '2026-01-31 09:15:00.123456+00',
      '2026-01-31T09:15:00.123Z',
      '0001-01-01 00:00:00+00',
    ])
      assert.deepEqual(decodeCursor(encodeCursor([time, id]), ['timestamp', 'uuid']), [time, id]);
    assert.deepEqual(decodeCursor(encodeCursor(['', id]), ['timestamp?', 'uuid']), [null, id]);
  });

  test('anything else is a 400 before it reaches SQL', () => {
    refused('not base64 json!', ['uuid']);
    refused('x'.repeat(400), ['text', 'uuid']);
    refused(b64({ a: 1 }), ['uuid']);
    refused(b64([id]), ['text', 'uuid']);
    refused(b64([{ a: 1 }, 'x']), ['text', 'uuid']);
    refused(b64(['x', 'not-a-uuid']), ['text', 'uuid']);
    refused(b64(['x', '------------------------------------']), ['text', 'uuid']);
    refused(b64(['x\u0000', id]), ['text', 'uuid']);
    refused(b64(['x'.repeat(1001), id]), ['text', 'uuid']);
    refused(b64([null, id]), ['text', 'uuid']);
    for (const n of [1e308, 2 ** 31, -(2 ** 31) - 1, 1.5, '3']) refused(b64([n, id]), ['int', 'uuid']);
    for (const flag of [2, true, '1']) refused(b64([flag, id]), ['flag', 'uuid']);
    for (const time of [
      '0000-01-01 00:00:00+00',
      '0001-01-01 00:30:00+01',
      '9999-12-31 23:00:00-02',
      '2026-02-30 00:00:00+00',
      '2026-01-31 24:00:00+00',
      '2026-13-01 00:00:00+00',
      'yesterday',
      '',
    ])
      refused(b64([time, id]), ['timestamp', 'uuid']);
    refused(b64(['soon', id]), ['timestamp?', 'uuid']);
  });
});
