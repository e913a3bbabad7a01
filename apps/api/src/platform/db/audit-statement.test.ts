import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { seedTwoTenants } from '../../../test/fixtures.ts';
import { createTestDatabase } from '../../../test/test-database.ts';
import { newId } from '../ids/ids.ts';
import { txSql, withSystem, withTenant } from './tenant.ts';

/**
 * Tables written in bulk (contacts, contact_tags) are audited by statement-level triggers
 * (app.audit_statement(), one INSERT ... SELECT over the statement's transition table) instead of
 * app.audit_row() once per row. The timeline and the audit log read those entries, so they must be
 * exactly what the row trigger wrote: the same scenario runs under both and the entries compare
 * equal, ids and timestamps aside.
 */

const db = await createTestDatabase();
const fixtures = await seedTwoTenants();
const { a } = fixtures;
const scope = { agencyId: a.agencyId, subAccountId: a.subAccountIds[0], userId: a.ownerUserId };

after(async () => {
  await fixtures.stop();
  await db.drop();
});

type Entry = {
  agency_id: string;
  sub_account_id: string | null;
  table_name: string;
  row_id: string | null;
  action: string;
  actor_user_id: string | null;
  old_data: Record<string, unknown> | null;
  new_data: Record<string, unknown> | null;
  changed_fields: string[] | null;
};

const TABLES = ['contacts', 'contact_tags'];

async function triggersOf(table: string): Promise<{ name: string; fn: string; row: boolean }[]> {
  const { rows } = await db.raw.query<{ name: string; fn: string; type: number }>(
    `select tgname::text as name, tgfoid::regproc::text as fn, tgtype::int as type from pg_trigger
      where tgrelid = $1::regclass and not tgisinternal and tgfoid::regproc::text like 'app.audit%'
      order by 1`,
    [table],
  );
  return rows.map((r) => ({ name: r.name, fn: r.fn, row: (r.type & 1) === 1 }));
}

/** Puts the tables back on the per-row trigger, as they were before statement-level auditing. */
async function useRowTrigger(): Promise<void> {
  for (const table of TABLES) {
    await db.raw.exec(`
      drop trigger audit_insert on ${table}; drop trigger audit_update on ${table};
      drop trigger audit_delete on ${table};
      create trigger audit_row after insert or update or delete on ${table}
        for each row execute function app.audit_row();`);
  }
}

/**
 * Inserts, updates (one row changed, one left as it was, one soft-deleted), tags, untags and
 * hard-deletes (cascading to its tags), several rows per statement, as the runtime role. Returns
 * the names to put in place of the ids it made, for comparing two runs.
 */
async function scenario(label: string): Promise<Map<string, string>> {
  const sub = scope.subAccountId;
  const ids = { c1: newId(), c2: newId(), c3: newId(), tag: newId() };
  await withTenant(scope, async () => {
    const sql = txSql();
    await sql.query(`insert into tags (sub_account_id, id, name) values ($1, $2, $3)`, [
      sub,
      ids.tag,
      `audit-${label}`,
    ]);
    await sql.query(
      `insert into contacts (sub_account_id, id, first_name, last_name, email, phone, custom_fields)
       values ($1, $2, 'Ada', 'Lovelace', 'ada@audit.example', '+14155550101', '{"tier": "pro"}'),
              ($1, $3, 'Grace', 'Hopper', null, null, '{}'),
              ($1, $4, 'Alan', null, 'alan@audit.example', null, '{}')`,
      [sub, ids.c1, ids.c2, ids.c3],
    );
    await sql.query(
      `insert into contact_tags (sub_account_id, contact_id, tag_id)
       select $1, c, $2 from unnest($3::uuid[]) as c`,
      [sub, ids.tag, [ids.c1, ids.c2, ids.c3]],
    );
    // c1 changes, c2 is written with the same values (no entry), c3 is soft-deleted.
    await sql.query(
      `update contacts set last_name = case when id = $2 then 'Byron' else last_name end,
              deleted_at = case when id = $4 then now() else deleted_at end
        where sub_account_id = $1 and id in ($2, $3, $4)`,
      [sub, ids.c1, ids.c2, ids.c3],
    );
    await sql.query(`delete from contact_tags where sub_account_id = $1 and contact_id = $2`, [sub, ids.c1]);
    // Cascades to c2's tag.
    await sql.query(`delete from contacts where sub_account_id = $1 and id = $2`, [sub, ids.c2]);
  });
  return new Map(Object.entries(ids).map(([name, id]) => [id, name]));
}

/** Entries of a run with ids named, timestamps blanked, in a stable order. */
async function entriesOf(names: Map<string, string>): Promise<unknown[]> {
  const ids = [...names.keys()];
  const { rows } = await db.raw.query<Entry>(
    `select agency_id, sub_account_id, table_name, row_id, action, actor_user_id, old_data, new_data,
            changed_fields
       from audit_logs
      where table_name in ('contacts', 'contact_tags', 'tags')
        and (row_id = any($1) or coalesce(new_data, old_data)->>'contact_id' = any($1))`,
    [ids],
  );
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (names.has(value)) return names.get(value);
      if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return '<time>';
      return value.replace(/audit-(row|statement)/, 'audit-x');
    }
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
    return value;
  };
  return rows.map((r) => clean(r)).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

describe('statement-level audit', () => {
  test('contacts and contact_tags are audited per statement', async () => {
    for (const table of TABLES) {
      assert.deepEqual(await triggersOf(table), [
        { name: 'audit_delete', fn: 'app.audit_statement', row: false },
        { name: 'audit_insert', fn: 'app.audit_statement', row: false },
        { name: 'audit_update', fn: 'app.audit_statement', row: false },
      ]);
    }
  });

  test("an entry names the row's own tenant, whatever context wrote it", async () => {
    // A system write (no context) still files the entry under the row's agency and sub-account.
    const id = newId();
    await withSystem(() =>
      txSql().query(`insert into contacts (sub_account_id, id, first_name) values ($1, $2, 'Sys')`, [
        scope.subAccountId,
        id,
      ]),
    );
    const { rows } = await db.raw.query<Entry>(`select * from audit_logs where row_id = $1`, [id]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.agency_id, scope.agencyId);
    assert.equal(rows[0]!.sub_account_id, scope.subAccountId);
    assert.equal(rows[0]!.actor_user_id, null);
  });

  // Last: it puts the row trigger back.
  test('writes the same entries as the row trigger', async () => {
    const statementRun = await entriesOf(await scenario('statement'));
    await useRowTrigger();
    const rowRun = await entriesOf(await scenario('row'));
    assert.deepEqual(statementRun, rowRun);

    // And what they are, so that two equally wrong triggers would not pass.
    const summary = (statementRun as Entry[]).map((e) => [
      e.table_name,
      e.action,
      e.row_id,
      e.changed_fields,
      e.agency_id === scope.agencyId && e.sub_account_id === scope.subAccountId,
      e.actor_user_id === scope.userId,
    ]);
    const expected = [
      ['contact_tags', 'delete', null, null, true, true],
      ['contact_tags', 'delete', null, null, true, true],
      ['contact_tags', 'insert', null, null, true, true],
      ['contact_tags', 'insert', null, null, true, true],
      ['contact_tags', 'insert', null, null, true, true],
      ['contacts', 'delete', 'c2', null, true, true],
      ['contacts', 'insert', 'c1', null, true, true],
      ['contacts', 'insert', 'c2', null, true, true],
      ['contacts', 'insert', 'c3', null, true, true],
      ['contacts', 'update', 'c1', ['full_name', 'last_name'], true, true],
      ['contacts', 'update', 'c3', ['deleted_at'], true, true],
      ['tags', 'insert', 'tag', null, true, true],
    ];
    const key = (x: unknown) => JSON.stringify(x);
    assert.deepEqual(summary.map(key).sort(), expected.map(key).sort());
    const update = (statementRun as Entry[]).find((e) => e.action === 'update' && e.row_id === 'c1')!;
    assert.equal(update.old_data?.last_name, 'Lovelace');
    assert.equal(update.new_data?.last_name, 'Byron');
    assert.deepEqual(update.new_data?.custom_fields, { tier: 'pro' });
    const tagged = (statementRun as Entry[]).filter(
      (e) => e.table_name === 'contact_tags' && e.action === 'insert',
    );
    assert.deepEqual(tagged.map((e) => e.new_data?.contact_id).sort(), ['c1', 'c2', 'c3']);
  });
});
