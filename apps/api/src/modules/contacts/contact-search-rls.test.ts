import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { txSql, withSystem, withTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';

/**
 * Under row-level security PostgreSQL only uses an index for a condition whose functions are
 * LEAKPROOF (migration 0007): these plans are taken as the runtime role, inside a tenant context.
 */
let db: TestDatabase;
const agencyId = newId();
const subAccountId = newId();

before(async () => {
  db = await createTestDatabase();
  await withSystem(async () => {
    await txSql().query(`insert into agencies (id, name) values ($1, 'Plans')`, [agencyId]);
    await txSql().query(`insert into sub_accounts (id, agency_id, name) values ($1, $2, 'Plans')`, [
      subAccountId,
      agencyId,
    ]);
    await txSql().query(
      `insert into contacts (sub_account_id, id, first_name, last_name, email, phone)
       select $1, gen_random_uuid(), 'First' || g, 'Last' || g, 'person' || g || '@example.com',
              '+1415555' || lpad(g::text, 4, '0')
         from generate_series(1, 5000) g`,
      [subAccountId],
    );
    await txSql().query('ANALYZE contacts');
  });
});
after(() => db.drop());

async function planAsTenant(sql: string, params: unknown[]): Promise<string> {
  return withTenant({ agencyId, subAccountId }, async () => {
    // 5,000 rows is small enough that a scan can look as cheap as an index; what matters here is
    // whether the index can be used at all for the condition under RLS.
    await txSql().query('SET LOCAL enable_seqscan = off');
    const { rows } = await txSql().query<Record<string, string>>(`EXPLAIN ${sql}`, params);
    return rows.map((r) => Object.values(r)[0]).join('\n');
  });
}

test('the search operators are LEAKPROOF, so RLS lets their indexes serve (migration 0007)', async () => {
  // Which index a trigram search picks depends on table size (bench/contacts measures that at a
  // million rows); whether it may use one at all under RLS is this flag.
  const { rows } = await db.raw.query<{ proname: string; proleakproof: boolean }>(
    `select proname, proleakproof from pg_proc
      where oid in ('textlike(text,text)'::regprocedure, 'texticlike(text,text)'::regprocedure,
                    'citext_eq(citext,citext)'::regprocedure, 'jsonb_object_field_text(jsonb,text)'::regprocedure)
      order by proname`,
  );
  assert.deepEqual(
    rows.map((r) => [r.proname, r.proleakproof]),
    [
      ['citext_eq', true],
      ['jsonb_object_field_text', true],
      ['texticlike', true],
      ['textlike', true],
    ],
  );
});

test('an email lookup uses the email index under RLS', async () => {
  const plan = await planAsTenant(`select id from contacts where sub_account_id = $1 and email = $2`, [
    subAccountId,
    'person4242@example.com',
  ]);
  assert.match(plan, /contacts_email_idx/, plan);
});
