import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { EXPORT_PAGE } from './contact-export.service.ts';

let t: TestApp;
let sub: string;
let url: string;
const zoe = newId();
const COUNT = EXPORT_PAGE * 2 + 3;

before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[1]!;
  url = `/api/v1/sub-accounts/${sub}/contacts/export`;
  await withSystem(async () => {
    const sql = txSql();
    const tagId = newId();
    await sql.query(`insert into tags (sub_account_id, id, name) values ($1, $2, 'vip')`, [sub, tagId]);
    await sql.query(
      `insert into custom_field_definitions (sub_account_id, id, object_type, key, name, type) values ($1, $2, 'contact', 'plan', 'Plan', 'text')`,
      [sub, newId()],
    );
    await sql.query(
      `insert into contacts (sub_account_id, id, first_name, last_name, email, custom_fields, source)
       values ($1, $2, 'Zoë', 'Ångström, "Jr"', 'zoe@example.com', '{"plan": "gold"}', 'fair')`,
      [sub, zoe],
    );
    await sql.query(`insert into contact_tags (sub_account_id, contact_id, tag_id) values ($1, $2, $3)`, [
      sub,
      zoe,
      tagId,
    ]);
    await sql.query(
      `insert into contacts (sub_account_id, id, first_name, source)
       select $1, gen_random_uuid(), 'Many ' || g, 'web' from generate_series(1, $2::int) g`,
      [sub, COUNT - 1],
    );
  });
});
after(() => t.stop());

const csv = (body: string): string[][] => parse(body, { bom: true }) as string[][];

describe('export', () => {
  test('a filter, with custom field columns: headers, UTF-8 with BOM, quoting', async () => {
    const response = await t.call({
      method: 'POST',
      url,
      as: t.a.ownerEmail,
      body: { filter: { source: 'fair' }, columns: ['name', 'email', 'tags', 'custom.plan', 'id'] },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(response.headers['content-disposition']), /attachment; filename="contacts.csv"/);
    assert.ok(
      response.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])),
      'starts with a BOM',
    );
    assert.deepEqual(csv(response.body), [
      ['Name', 'Email', 'Tags', 'Plan', 'ID'],
      ['Zoë Ångström, "Jr"', 'zoe@example.com', 'vip', 'gold', zoe],
    ]);
  });

  test('everything, across several pages, each contact once; a selection', async () => {
    const all = await t.call({
      method: 'POST',
      url,
      as: t.a.ownerEmail,
      body: { columns: ['id'], sort: 'fullName' },
    });
    assert.equal(all.statusCode, 200);
    const rows = csv(all.body).slice(1);
    assert.equal(rows.length, COUNT);
    assert.equal(new Set(rows.map((r) => r[0])).size, COUNT);
    const selected = await t.call({
      method: 'POST',
      url,
      as: t.a.ownerEmail,
      body: { contactIds: [zoe], columns: ['email'] },
    });
    assert.deepEqual(csv(selected.body), [['Email'], ['zoe@example.com']]);
  });

  test('text a spreadsheet would run as a formula is neutralised; numbers, negative ones too, are not', async () => {
    const other = t.a.subAccountIds[0]!;
    const formulas = [
      '=HYPERLINK("https://evil.example","Click")',
      '+cmd|" /C calc"!A0',
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1',
      '\r=1',
    ];
    await withSystem(async () => {
      const sql = txSql();
      await sql.query(
        `insert into custom_field_definitions (sub_account_id, id, object_type, key, name, type) values ($1, $2, 'contact', 'balance', 'Balance', 'number'), ($1, $3, 'contact', 'motto', '=Motto', 'text')`,
        [other, newId(), newId()],
      );
      for (const [i, formula] of formulas.entries())
        await sql.query(
          `insert into contacts (sub_account_id, id, first_name, custom_fields, source, created_at)
           values ($1, $2, $3, $4, 'formulas', now() - make_interval(secs => $5))`,
          [other, newId(), formula, JSON.stringify({ balance: -5 - i, motto: formula }), 100 - i],
        );
    });
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${other}/contacts/export`,
      as: t.a.ownerEmail,
      body: {
        filter: { source: 'formulas' },
        columns: ['firstName', 'custom.balance', 'custom.motto'],
        sort: 'createdAt',
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(csv(response.body), [
      ['First name', 'Balance', "'=Motto"],
      ...formulas.map((f, i) => [`'${f}`, String(-5 - i), `'${f}`]),
    ]);
  });

  test('unknown columns and fields are a 400; B from A is a 404', async () => {
    const badColumn = await t.call({
      method: 'POST',
      url,
      as: t.a.ownerEmail,
      body: { columns: ['password'] },
    });
    assert.equal(badColumn.statusCode, 400);
    const badField = await t.call({
      method: 'POST',
      url,
      as: t.a.ownerEmail,
      body: { columns: ['custom.nope'] },
    });
    assert.equal(badField.statusCode, 400);
    assert.match(badField.body, /no contact custom field has the key 'nope'/);
    const both = await t.call({
      method: 'POST',
      url,
      as: t.a.ownerEmail,
      body: { contactIds: [zoe], filter: {} },
    });
    assert.equal(both.statusCode, 400);
    const cross = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/contacts/export`,
      as: t.a.ownerEmail,
      body: { columns: ['email'] },
    });
    assert.equal(cross.statusCode, 404);
  });
});
