import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { customFieldSqlType } from './index.ts';

let t: TestApp;
let sub: string;
before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[0];
});
after(() => t.stop());

const fieldsUrl = (subAccountId = sub) => `/api/v1/sub-accounts/${subAccountId}/custom-fields`;
const asOwner = (call: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown }) =>
  t.call({ ...call, as: t.a.ownerEmail });

async function createField(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const response = await asOwner({ method: 'POST', url: fieldsUrl(), body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

async function createContact(customFields: Record<string, unknown>) {
  return asOwner({
    method: 'POST',
    url: `/api/v1/sub-accounts/${sub}/contacts`,
    body: { firstName: 'Field', lastName: 'Tester', customFields },
  });
}

async function contactWith(customFields: Record<string, unknown>): Promise<string> {
  const response = await createContact(customFields);
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}

async function contactFields(id: string): Promise<Record<string, unknown>> {
  const response = await asOwner({ url: `/api/v1/sub-accounts/${sub}/contacts/${id}` });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().customFields;
}

const errorsOf = (body: { errors?: { field: string; message: string }[] }) =>
  Object.fromEntries((body.errors ?? []).map((e) => [e.field, e.message]));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function indexExists(name: string): Promise<boolean> {
  return withSystem(async () => {
    const { rows } = await txSql().query('select 1 from pg_indexes where indexname = $1', [name]);
    return rows.length === 1;
  });
}

describe('custom field definitions', () => {
  test('bad definitions are refused with the field and the fix', async () => {
    const response = await asOwner({
      method: 'POST',
      url: fieldsUrl(),
      body: { key: 'Bad Key', name: '', type: 'colour' },
    });
    assert.equal(response.statusCode, 400);
    const errors = errorsOf(response.json());
    assert.match(errors.key!, /lowercase letter/);
    assert.match(errors.name!, /required/);
    assert.match(errors.type!, /one of: text, long_text/);

    const noOptions = await asOwner({
      method: 'POST',
      url: fieldsUrl(),
      body: { key: 'stage', name: 'Stage', type: 'single_select' },
    });
    assert.equal(noOptions.statusCode, 400);
    assert.match(errorsOf(noOptions.json()).options!, /at least one option/);

    const badDefault = await asOwner({
      method: 'POST',
      url: fieldsUrl(),
      body: { key: 'seats', name: 'Seats', type: 'number', defaultValue: 'many' },
    });
    assert.equal(badDefault.statusCode, 400);
    assert.match(errorsOf(badDefault.json()).defaultValue!, /must be a number/);
  });

  test('keys are unique per object type; the list is in position order', async () => {
    await createField({ key: 'zeta', name: 'Zeta', type: 'text', position: 9 });
    await createField({ key: 'alpha', name: 'Alpha', type: 'text', position: 1 });
    const again = await asOwner({
      method: 'POST',
      url: fieldsUrl(),
      body: { key: 'zeta', name: 'Z', type: 'text' },
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().detail, /key zeta already exists/);
    const list = (await asOwner({ url: `${fieldsUrl()}?objectType=contact` })).json().items as {
      key: string;
    }[];
    const keys = list.map((f) => f.key);
    assert.ok(keys.indexOf('alpha') < keys.indexOf('zeta'));
  });

  test('a field without a key gets one made from its name', async () => {
    const field = await createField({ name: 'Annual Budget (€)', type: 'money' });
    assert.equal(field.key, 'annual_budget');
  });

  test('a sales user without settings permissions cannot define fields', async () => {
    const response = await t.call({
      method: 'POST',
      url: fieldsUrl(),
      as: t.a.memberEmail,
      body: { key: 'secret', name: 'Secret', type: 'text' },
    });
    assert.equal(response.statusCode, 403);
  });
});

describe('custom field values on contacts', () => {
  before(async () => {
    await createField({ key: 'budget', name: 'Budget', type: 'money' });
    await createField({ key: 'renewal', name: 'Renewal', type: 'date' });
    await createField({ key: 'tier', name: 'Tier', type: 'single_select', options: ['gold', 'silver'] });
    await createField({ key: 'met_at', name: 'Met at', type: 'datetime' });
    await createField({ key: 'site', name: 'Site', type: 'url' });
    await createField({ key: 'mobile', name: 'Mobile', type: 'phone' });
    await createField({ key: 'region', name: 'Region', type: 'text', required: true, defaultValue: 'EMEA' });
    await createField({ key: 'account_no', name: 'Account number', type: 'text', isUnique: true });
  });

  test('every wrong value is named with its rule, all at once', async () => {
    const response = await createContact({
      foo: 1,
      budget: 12.5,
      renewal: '2024-02-30',
      tier: 'bronze',
      met_at: '2024-03-01 10:00',
      site: 'ftp://example.com',
      mobile: '4155550123',
    });
    assert.equal(response.statusCode, 400, response.body);
    const errors = errorsOf(response.json());
    assert.match(errors['customFields.foo']!, /no such field; see GET .*custom-fields\?objectType=contact/);
    assert.match(errors['customFields.budget']!, /whole number of minor units/);
    assert.match(errors['customFields.renewal']!, /YYYY-MM-DD/);
    assert.match(errors['customFields.tier']!, /one of: gold, silver/);
    assert.match(errors['customFields.met_at']!, /ISO 8601/);
    assert.match(errors['customFields.site']!, /http\(s\) URL/);
    assert.match(errors['customFields.mobile']!, /E\.164/);
  });

  test('dates and date-times outside the years 0001 to 9999 are refused (they would not sort as text)', async () => {
    for (const [key, value, rule] of [
      ['renewal', '0000-01-01', /YYYY-MM-DD/],
      ['met_at', '0000-06-01T10:00:00Z', /years 0001 to 9999/],
      ['met_at', '9999-12-31T23:00:00-02:00', /years 0001 to 9999/],
    ] as const) {
      const response = await createContact({ [key]: value });
      assert.equal(response.statusCode, 400, response.body);
      assert.match(errorsOf(response.json())[`customFields.${key}`]!, rule);
    }
  });

  test('defaults fill required fields on create; values are stored in normal form', async () => {
    const id = await contactWith({ budget: 2500, met_at: '2024-03-01T10:00:00+02:00', tier: 'gold' });
    const values = await contactFields(id);
    assert.equal(values.region, 'EMEA');
    assert.equal(values.met_at, '2024-03-01T08:00:00.000Z', 'datetimes are stored in UTC');
    assert.equal(values.budget, 2500);
  });

  test('a required field cannot be cleared', async () => {
    const id = await contactWith({});
    const response = await asOwner({
      method: 'PATCH',
      url: `/api/v1/sub-accounts/${sub}/contacts/${id}`,
      body: { customFields: { region: null } },
    });
    assert.equal(response.statusCode, 400, response.body);
    assert.match(errorsOf(response.json())['customFields.region']!, /required/);
  });

  test('a unique field refuses a value another live contact holds, but not the contact its own', async () => {
    const first = await contactWith({ account_no: 'ACC-1' });
    const second = await createContact({ account_no: 'ACC-1' });
    assert.equal(second.statusCode, 400, second.body);
    assert.match(errorsOf(second.json())['customFields.account_no']!, /must be unique/);
    const same = await asOwner({
      method: 'PATCH',
      url: `/api/v1/sub-accounts/${sub}/contacts/${first}`,
      body: { customFields: { account_no: 'ACC-1', tier: 'silver' } },
    });
    assert.equal(same.statusCode, 200, same.body);
  });
});

describe('retyping, renaming and deleting fields', () => {
  test('text -> number converts when every value is numeric, and refuses with a count otherwise', async () => {
    const field = await createField({ key: 'seats', name: 'Seats', type: 'text' });
    const a = await contactWith({ seats: '12' });
    await contactWith({ seats: ' 7 ' });
    const converted = await asOwner({
      method: 'PATCH',
      url: `${fieldsUrl()}/${field.id}`,
      body: { type: 'number' },
    });
    assert.equal(converted.statusCode, 200, converted.body);
    assert.equal((await contactFields(a)).seats, 12);

    const bad = await createField({ key: 'employees', name: 'Employees', type: 'text' });
    await contactWith({ employees: '40' });
    const lots = await contactWith({ employees: 'lots' });
    const refused = await asOwner({
      method: 'PATCH',
      url: `${fieldsUrl()}/${bad.id}`,
      body: { type: 'number' },
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().detail, /1 of 2 contact values of employees would not convert to number/);
    assert.match(refused.json().detail, new RegExp(`${lots}: "lots"`));
    const unchanged = await asOwner({ url: `${fieldsUrl()}/${bad.id}` });
    assert.equal(unchanged.json().type, 'text');
  });

  test('number -> text, single -> multi select, and a new key carry the values along', async () => {
    const count = await createField({ key: 'visits', name: 'Visits', type: 'number' });
    const color = await createField({
      key: 'color',
      name: 'Color',
      type: 'single_select',
      options: ['red', 'blue'],
    });
    const id = await contactWith({ visits: 3, color: 'red' });
    assert.equal(
      (
        await asOwner({
          method: 'PATCH',
          url: `${fieldsUrl()}/${count.id}`,
          body: { type: 'text', key: 'visit_count' },
        })
      ).statusCode,
      200,
    );
    assert.equal(
      (await asOwner({ method: 'PATCH', url: `${fieldsUrl()}/${color.id}`, body: { type: 'multi_select' } }))
        .statusCode,
      200,
    );
    const values = await contactFields(id);
    assert.equal(values.visit_count, '3');
    assert.equal(values.visits, undefined);
    assert.deepEqual(values.color, ['red']);
    const renamed = await asOwner({
      method: 'PATCH',
      url: `${fieldsUrl()}/${color.id}`,
      body: { name: 'Colour' },
    });
    assert.equal(renamed.json().name, 'Colour');
  });

  test('removing a select option still in use is refused', async () => {
    const field = await createField({
      key: 'size',
      name: 'Size',
      type: 'single_select',
      options: ['s', 'm', 'l'],
    });
    await contactWith({ size: 'm' });
    const refused = await asOwner({
      method: 'PATCH',
      url: `${fieldsUrl()}/${field.id}`,
      body: { options: ['s', 'l'] },
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().detail, /"m" must be one of: s, l/);
  });

  test('deleting a field with values needs confirm=true, then removes the values', async () => {
    const field = await createField({ key: 'legacy', name: 'Legacy', type: 'text' });
    const id = await contactWith({ legacy: 'old' });
    const refused = await asOwner({ method: 'DELETE', url: `${fieldsUrl()}/${field.id}` });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().detail, /1 contact\(s\) have a value for legacy; .*confirm=true/);
    assert.equal((await contactFields(id)).legacy, 'old');
    const deleted = await asOwner({ method: 'DELETE', url: `${fieldsUrl()}/${field.id}?confirm=true` });
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.equal((await contactFields(id)).legacy, undefined);
    assert.equal((await asOwner({ url: `${fieldsUrl()}/${field.id}` })).statusCode, 404);
    const reused = await createField({ key: 'legacy', name: 'Legacy again', type: 'number' });
    assert.equal(reused.key, 'legacy', 'the key of a deleted field is free again');
  });
});

describe('filterable fields', () => {
  test('get a partial typed expression index that a filter uses; it is dropped when no longer filterable', async () => {
    const field = await createField({ key: 'score', name: 'Score', type: 'number', filterable: true });
    await contactWith({ score: 10 });
    await contactWith({ score: 90 });
    const indexName = await waitFor('the index job', async () => {
      const name = (await asOwner({ url: `${fieldsUrl()}/${field.id}` })).json().indexName as string | null;
      return name ?? undefined;
    });
    assert.ok(await indexExists(indexName));
    const { expression } = customFieldSqlType({ key: 'score', type: 'number' });
    // Enough committed rows, analysed, that a selective condition on the field is best served by
    // its index (with a tiny table any plan is a coin toss); the field's extended statistics, made
    // with its index, tell the planner how selective the condition is.
    await withSystem(() =>
      txSql().query(
        `insert into contacts (sub_account_id, id, custom_fields)
         select $1, gen_random_uuid(), jsonb_build_object('score', g) from generate_series(1, 3000) g`,
        [sub],
      ),
    );
    await withSystem(() => txSql().query('ANALYZE contacts'));
    const plan = await withSystem(async () => {
      const { rows } = await txSql().query<Record<string, string>>(
        `EXPLAIN SELECT id FROM contacts WHERE sub_account_id = $1 AND deleted_at IS NULL AND ${expression} > $2`,
        [sub, 2990],
      );
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    assert.match(plan, new RegExp(indexName), plan);

    const other = await withSystem(async () => {
      const { rows } = await txSql().query<{ def: string }>(
        'select indexdef as def from pg_indexes where indexname = $1',
        [indexName],
      );
      return rows[0]!.def;
    });
    assert.match(other, new RegExp(`sub_account_id = '${sub}'`), 'only this tenant is indexed');

    const off = await asOwner({
      method: 'PATCH',
      url: `${fieldsUrl()}/${field.id}`,
      body: { filterable: false },
    });
    assert.equal(off.statusCode, 200, off.body);
    await waitFor('the index to be dropped', async () => ((await indexExists(indexName)) ? undefined : true));
    assert.equal((await asOwner({ url: `${fieldsUrl()}/${field.id}` })).json().indexName, null);
  });

  test('a multi-select gets a GIN index; deleting the field drops it', async () => {
    const field = await createField({
      key: 'topics',
      name: 'Topics',
      type: 'multi_select',
      options: ['a', 'b'],
      filterable: true,
    });
    const indexName = await waitFor('the index job', async () => {
      const name = (await asOwner({ url: `${fieldsUrl()}/${field.id}` })).json().indexName as string | null;
      return name ?? undefined;
    });
    assert.ok(await indexExists(indexName));
    assert.equal((await asOwner({ method: 'DELETE', url: `${fieldsUrl()}/${field.id}` })).statusCode, 204);
    await waitFor('the index to be dropped', async () => ((await indexExists(indexName)) ? undefined : true));
  });
});

describe('isolation', () => {
  test("A's credentials with B's sub-account or B's field id answer 404", async () => {
    const bField = await withSystem(async () => {
      const { rows } = await txSql().query<{ id: string }>(
        'select id from custom_field_definitions where sub_account_id = $1 limit 1',
        [t.b.subAccountIds[0]],
      );
      return rows[0]!.id;
    });
    assert.equal((await asOwner({ url: fieldsUrl(t.b.subAccountIds[0]) })).statusCode, 404);
    assert.equal((await asOwner({ url: `${fieldsUrl()}/${bField}` })).statusCode, 404);
    assert.equal(
      (await asOwner({ method: 'PATCH', url: `${fieldsUrl()}/${bField}`, body: { name: 'Mine' } }))
        .statusCode,
      404,
    );
    assert.equal(
      (await asOwner({ method: 'DELETE', url: `${fieldsUrl()}/${bField}?confirm=true` })).statusCode,
      404,
    );
    const bName = await withSystem(async () => {
      const { rows } = await txSql().query<{ name: string }>(
        'select name from custom_field_definitions where id = $1',
        [bField],
      );
      return rows[0]!.name;
    });
    assert.equal(bName, 'Plan');
  });

  test("B's field keys are unknown in A's other sub-account", async () => {
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${t.a.subAccountIds[1]}/contacts`,
      as: t.a.ownerEmail,
      body: { firstName: 'X', customFields: { budget: 100 } },
    });
    assert.equal(response.statusCode, 400, response.body);
    assert.match(errorsOf(response.json())['customFields.budget']!, /no such field/);
  });
});
