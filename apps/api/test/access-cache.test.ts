import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './app-harness.ts';
import { ensureUser } from '../src/modules/identity/index.ts';
import { txSql, withSystem } from '../src/platform/db/tenant.ts';
import { newId } from '../src/platform/ids/ids.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

/**
 * Changes are made in SQL here, as another API process (or an operator) would make them: this
 * process learns of them only through the access epoch, never through its own code path.
 */
const sql = (text: string, params: unknown[] = []) => withSystem(() => txSql().query(text, params));

/** A sales person in one of A's sub-accounts, signed in, with their access cached by two reads. */
async function cachedSalesPerson() {
  const subAccountId = t.a.subAccountIds[0]!;
  const email = `cached-${newId().slice(-8)}@tenant-a.example`;
  const membershipId = newId();
  await withSystem(async () => {
    const { user } = await ensureUser({ email, name: 'Cached person', password: t.a.password });
    await txSql().query(
      `insert into sub_account_memberships (sub_account_id, id, agency_id, user_id, role_id)
       values ($1, $2, $3, $4, (select id from roles where agency_id = $3 and key = 'sales'))`,
      [subAccountId, membershipId, t.a.agencyId, user.id],
    );
  });
  const read = () => t.call({ url: `/api/v1/sub-accounts/${subAccountId}/contacts`, as: email });
  for (let i = 0; i < 2; i++) assert.equal((await read()).statusCode, 200);
  return { email, membershipId, read };
}

describe('access caches follow committed changes on the next request', () => {
  test('a revoked permission is refused, and a restored one answers, though the process cached the other', async () => {
    const person = await cachedSalesPerson();
    await sql(`update sub_account_memberships set revoked_permissions = '{contacts:read}' where id = $1`, [
      person.membershipId,
    ]);
    // The cached access still allowed the read: the transaction's epoch check caught it.
    const refused = await person.read();
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().detail, /contacts:read/);
    assert.equal((await person.read()).statusCode, 403);

    await sql(`update sub_account_memberships set revoked_permissions = '{}' where id = $1`, [
      person.membershipId,
    ]);
    // The cached access refused before the transaction sent a statement (on PostgreSQL the epoch check
    // rides on the first one): the refusal itself is checked against the epoch, and the read retried.
    assert.equal((await person.read()).statusCode, 200);
  });

  test('a session revoked or a user disabled elsewhere is refused by the cached credential', async () => {
    const person = await cachedSalesPerson();
    await sql(`update users set status = 'disabled' where email = $1`, [person.email]);
    assert.equal((await person.read()).statusCode, 401);
    await sql(`update users set status = 'active' where email = $1`, [person.email]);

    const again = await cachedSalesPerson();
    await sql(
      `update sessions set revoked_at = now() where user_id = (select id from users where email = $1)`,
      [again.email],
    );
    assert.equal((await again.read()).statusCode, 401);
  });

  test('a change nobody depends on leaves the caches alone, and reads stay right', async () => {
    const person = await cachedSalesPerson();
    // Another agency's role changes: the epoch moves, this person's entries are not tagged with it.
    await sql(`update roles set name = name || ' ' where agency_id = $1 and key = 'sales'`, [t.b.agencyId]);
    assert.equal((await person.read()).statusCode, 200);
  });
});
