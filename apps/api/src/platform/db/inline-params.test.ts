import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inlineParams } from './inline-params.ts';

test('parameters become the literals node-postgres would send, quoted', () => {
  assert.equal(
    inlineParams('select * from t where a = $1 and b = $2 and c = $3', ["it's", 5, null]),
    "select * from t where a = 'it''s' and b = '5' and c = NULL",
  );
  // An array literal escapes its quotes with backslashes, so escapeLiteral writes an E'' string.
  assert.equal(inlineParams('select $1::text[]', [['a', 'b"c']]), `select  E'{"a","b\\\\"c"}'::text[]`);
  assert.equal(inlineParams('select $1', [{ k: 'v' }]), `select '{"k":"v"}'`);
  assert.equal(inlineParams('select $1', [true]), "select 'true'");
  // A backslash makes escapeLiteral write an E'' string, so it stays a backslash.
  assert.equal(inlineParams('select $1', ['a\\b']), "select  E'a\\\\b'");
  assert.equal(
    inlineParams(
      'select $10, $1',
      Array.from({ length: 10 }, (_, i) => i + 1),
    ),
    "select '10', '1'",
  );
});

test('a $n inside strings, identifiers, comments and dollar quotes is left alone', () => {
  assert.equal(
    inlineParams(`select '$1', "col$1", E'\\'$1', $$ $1 $$, $fn$ $1 $fn$ -- $1\n, /* $1 */ $1`, ['x']),
    `select '$1', "col$1", E'\\'$1', $$ $1 $$, $fn$ $1 $fn$ -- $1\n, /* $1 */ 'x'`,
  );
});

test('binary values, NUL characters and missing parameters are not inlined', () => {
  assert.equal(inlineParams('select $1', [Buffer.from('x')]), undefined);
  // A query's text ends at NUL: sent as a parameter, PostgreSQL refuses it with its own error (22021).
  assert.equal(inlineParams('select $1', ['a\u0000b']), undefined);
  assert.equal(inlineParams('select $2', ['only one']), undefined);
});
