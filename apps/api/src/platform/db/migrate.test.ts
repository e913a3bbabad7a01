import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPglite } from './database.ts';
import { migrate } from './migrate.ts';

test('a freshly migrated embedded database takes parameters of types the migrations created', async () => {
  // A new data folder: PGlite opens before citext exists, then the migrations create it.
  const db = await openPglite();
  try {
    const ran = await migrate(db);
    assert.ok(ran.length > 0);
    const { rows } = await db.raw.query<{ n: number }>('select cardinality($1::citext[])::int as n', [
      ['A@x.example', 'b@x.example'],
    ]);
    assert.equal(rows[0]?.n, 2);
    assert.deepEqual(await migrate(db), [], 'a second run applies nothing');
  } finally {
    await db.close();
  }
});
