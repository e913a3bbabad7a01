import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { tx, txSql, withSystem, withTenant } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { compileContactFilter, escapeLike, parseContactFilter } from './contact-filter.ts';
import { contactIdsQuery } from './contact-search.repository.ts';
import { TOTAL_CAP } from './contact-search.schemas.ts';
import { sortPlan } from './contact-search.service.ts';
import { contacts } from './contact.tables.ts';

let t: TestApp;
let sub: string;
const tag = { vip: newId(), lead: newId(), cold: newId() };
const people: Record<string, string> = {};

async function seed(): Promise<void> {
  await withSystem(async () => {
    const sql = txSql();
    for (const [name, id] of Object.entries(tag))
      await sql.query('insert into tags (sub_account_id, id, name) values ($1, $2, $3)', [sub, id, name]);
    await sql.query(
      `insert into custom_field_definitions (sub_account_id, id, object_type, key, name, type, filterable)
       values ($1, $2, 'contact', 'budget', 'Budget', 'number', true),
              ($1, $3, 'contact', 'industry', 'Industry', 'text', false)`,
      [sub, newId(), newId()],
    );
    const rows: [string, string, string | null, string | null, string[], Record<string, unknown>, string][] =
      [
        [
          'Ada',
          'Lovelace',
          'ada@analytical.example',
          '+14155550123',
          ['vip', 'lead'],
          { budget: 5000, industry: 'Math' },
          'qualified',
        ],
        ['Alan', 'Turing', 'alan@bletchley.example', '+442071234567', ['vip'], { budget: 200 }, 'new'],
        [
          'Grace',
          'Hopper',
          'grace@navy.example',
          '+12025550199',
          ['lead'],
          { industry: 'Navy' },
          'contacted',
        ],
        ['Percent', '50%_off', 'promo@shop.example', null, ['cold'], {}, 'lost'],
        ['Edsger', 'Dijkstra', null, '+31201234567', [], { budget: 5000 }, 'new'],
      ];
    let minute = 0;
    for (const [first, last, email, phone, tagNames, custom, status] of rows) {
      const id = newId();
      people[first] = id;
      minute += 1;
      await sql.query(
        `insert into contacts (sub_account_id, id, first_name, last_name, email, phone, custom_fields, status, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, timestamptz '2025-01-01 00:00:00.000001+00' + make_interval(mins => $9))`,
        [sub, id, first, last, email, phone, JSON.stringify(custom), status, minute],
      );
      for (const n of tagNames)
        await sql.query('insert into contact_tags (sub_account_id, contact_id, tag_id) values ($1, $2, $3)', [
          sub,
          id,
          tag[n as keyof typeof tag],
        ]);
    }
  });
}

before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[1]!;
  await seed();
});
after(() => t.stop());

type Item = { id: string; firstName: string; tags: { name: string }[] };
type Page = { items: Item[]; nextCursor: string | null; total: number; totalIsEstimate: boolean };

const search = (body: unknown, as: string = t.a.ownerEmail, subAccountId = sub) =>
  t.call({ method: 'POST', url: `/api/v1/sub-accounts/${subAccountId}/contacts/search`, body, as });
const names = async (filter: unknown, sort = 'fullName') => {
  const response = await search({ filter, sort });
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as Page).items.map((i) => i.firstName);
};

describe('filter language', () => {
  test('hostile strings are parameters; LIKE wildcards are escaped', () => {
    const hostile = "x'); drop table contacts; --";
    const where = compileContactFilter(parseContactFilter({ search: hostile, source: [hostile] }), {
      subAccountId: newId(),
      fields: new Map(),
    });
    return withSystem(async () => {
      const query = tx().select({ id: contacts.id }).from(contacts).where(where).toSQL();
      assert.ok(!query.sql.includes('drop table'), 'the hostile text is not in the SQL');
      assert.ok(query.params.includes(`%${escapeLike(hostile)}%`));
      assert.equal(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b');
    });
  });

  test('unknown keys, unknown fields and wrong operand types are a 400 naming them', async () => {
    const unknownKey = await search({ filter: { colour: 'red' } });
    assert.equal(unknownKey.statusCode, 400);
    const unknownField = await search({
      filter: { customFields: [{ key: 'shoe_size', op: 'eq', value: 4 }] },
    });
    assert.equal(unknownField.statusCode, 400);
    assert.match(unknownField.body, /no contact custom field has the key 'shoe_size'/);
    const wrongType = await search({
      filter: { customFields: [{ key: 'budget', op: 'gt', value: 'lots' }] },
    });
    assert.equal(wrongType.statusCode, 400);
    assert.match(wrongType.body, /must be a number/);
    const hostileKey = await search({
      filter: { customFields: [{ key: "plan' or 1=1 --", op: 'eq', value: 'x' }] },
    });
    assert.equal(hostileKey.statusCode, 400);
    assert.match(hostileKey.body, /must be a custom field key/);
    const hostileSort = await search({ sort: 'createdAt; drop table contacts' });
    assert.equal(hostileSort.statusCode, 400);
    const wrongOp = await search({ filter: { customFields: [{ key: 'industry', op: 'gt', value: 'a' }] } });
    assert.equal(wrongOp.statusCode, 400);
    assert.match(wrongOp.body, /gt does not apply to a text field/);
  });

  test('search: partial name, email prefix, phone digits in any formatting, literal %', async () => {
    assert.deepEqual(await names({ search: 'LOVE' }), ['Ada']);
    assert.deepEqual(await names({ search: 'grace@na' }), ['Grace']);
    assert.deepEqual(await names({ search: '(415) 555-0123' }), ['Ada']);
    assert.deepEqual(await names({ search: '555 01' }), ['Ada', 'Grace']);
    assert.deepEqual(await names({ search: '50%' }), ['Percent']);
    assert.deepEqual(await names({ search: '%_o' }), ['Percent'], '% and _ are characters, not wildcards');
  });

  test('search: a term of one or two characters matches the start of a name word, the email or the phone digits', async () => {
    assert.deepEqual(
      await names({ search: 'a' }),
      ['Ada', 'Alan'],
      'first names (and emails) starting with a',
    );
    assert.deepEqual(await names({ search: 'tu' }), ['Alan'], 'a later word of the name');
    assert.deepEqual(await names({ search: 'GR' }), ['Grace'], 'any case');
    assert.deepEqual(await names({ search: 'ov' }), [], 'inside a word is not a match');
    assert.deepEqual(await names({ search: 'pr' }), ['Percent'], 'the email promo@');
    assert.deepEqual(await names({ search: '+4' }), ['Alan'], 'phone digits: +44 20...');
    assert.deepEqual(await names({ search: '31' }), ['Edsger'], 'phone digits: +31 20...');
    assert.deepEqual(await names({ search: '%' }), [], '% is a character: no name starts with it');
    assert.deepEqual(await names({ search: '_' }), []);
  });

  test('tags any / all / none', async () => {
    assert.deepEqual(await names({ tags: { any: [tag.vip, tag.cold] } }), ['Ada', 'Alan', 'Percent']);
    assert.deepEqual(await names({ tags: { all: [tag.vip, tag.lead] } }), ['Ada']);
    assert.deepEqual(await names({ tags: { none: [tag.vip] } }), ['Edsger', 'Grace', 'Percent']);
  });

  test('status and custom field conditions', async () => {
    assert.deepEqual(await names({ status: 'new' }), ['Alan', 'Edsger']);
    assert.deepEqual(await names({ customFields: [{ key: 'budget', op: 'gte', value: 1000 }] }), [
      'Ada',
      'Edsger',
    ]);
    assert.deepEqual(
      await names({ status: ['new'], customFields: [{ key: 'budget', op: 'eq', value: 5000 }] }),
      ['Edsger'],
    );
    assert.deepEqual(await names({ customFields: [{ key: 'industry', op: 'contains', value: 'av' }] }), [
      'Grace',
    ]);
    assert.deepEqual(await names({ customFields: [{ key: 'budget', op: 'is_empty' }] }), [
      'Grace',
      'Percent',
    ]);
    assert.deepEqual(
      await names({ customFields: [{ key: 'industry', op: 'in', value: ['Math', 'Navy'] }] }),
      ['Ada', 'Grace'],
    );
  });

  test("another sub-account's tag or user id is refused with a 400", async () => {
    const foreignTag = await search(
      { filter: { tags: { any: [tag.vip] } } },
      t.a.ownerEmail,
      t.a.subAccountIds[0],
    );
    assert.equal(foreignTag.statusCode, 400);
    assert.match(foreignTag.body, /not tags of this sub-account/);
    const foreignUser = await search({ filter: { assignedUserId: t.b.ownerUserId } });
    assert.equal(foreignUser.statusCode, 400);
    assert.match(foreignUser.body, /not a user of this sub-account/);
  });
});

describe('list and sort', () => {
  test('cursor walk in every sort visits each contact once, in order', async () => {
    for (const sort of [
      '-createdAt',
      'createdAt',
      'fullName',
      '-email',
      'email',
      'leadScore',
      'customFields.budget',
      '-customFields.budget',
    ]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await search({ sort, limit: 2, ...(cursor ? { cursor } : {}) });
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json() as Page;
        assert.equal(page.total, 5);
        seen.push(...page.items.map((i) => i.firstName));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.equal(seen.length, 5, `${sort}: ${seen.join(',')}`);
      assert.equal(new Set(seen).size, 5, `${sort}: ${seen.join(',')}`);
      if (sort === '-createdAt') assert.deepEqual(seen, ['Edsger', 'Percent', 'Grace', 'Alan', 'Ada']);
      if (sort === 'fullName') assert.deepEqual(seen, ['Ada', 'Alan', 'Edsger', 'Grace', 'Percent']);
      if (sort === 'customFields.budget') assert.deepEqual(seen.slice(0, 1), ['Alan']);
    }
  });

  test('a tampered cursor is a 400 in every sort, a value of the wrong type for the sort too', async () => {
    await withSystem(() =>
      txSql().query(
        `insert into custom_field_definitions (sub_account_id, id, object_type, key, name, type, filterable)
         values ($1, $2, 'contact', 'member', 'Member', 'boolean', true)`,
        [sub, newId()],
      ),
    );
    const id = newId();
    const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const everySort = (sort: string) => [
      [sort, 0, 'x', '------------------------------------'],
      [sort, 0, 'x', 'not-a-uuid'],
      [sort, 2, 'x', id],
      [sort, 0, 'x\u0000', id],
      [sort, 0, 1e308, id],
      [sort, 0, 'x', id, 'extra'],
    ];
    const wrongType: Record<string, unknown[]> = {
      '-createdAt': [
        'yesterday',
        '0000-01-01 00:00:00+00',
        '2025-02-30 00:00:00+00',
        '9999-12-31 23:00:00-02',
      ],
      updatedAt: ['2025-01-01 25:00:00+00'],
      leadScore: ['1e400', '99999999999', '1.5'],
      'customFields.budget': ['abc', '1e400', 'NaN'],
      '-customFields.member': ['maybe'],
    };
    for (const sort of [
      '-createdAt',
      'updatedAt',
      'fullName',
      'email',
      'leadScore',
      'customFields.budget',
      '-customFields.member',
    ]) {
      const tampered = [...everySort(sort), ...(wrongType[sort] ?? []).map((v) => [sort, 0, v, id])];
      // A null sort value is only a cursor of a sort whose values can be null.
      if (['-createdAt', 'updatedAt', 'fullName', 'leadScore'].includes(sort))
        tampered.push([sort, 1, '', id]);
      for (const values of tampered) {
        const response = await search({ sort, cursor: cursor(values) });
        assert.equal(response.statusCode, 400, `${JSON.stringify(values)}: ${response.body}`);
        assert.equal(
          response.json().detail,
          'cursor: not a cursor from this list; pass nextCursor unchanged',
        );
      }
      // The sort's own cursors still walk.
      const first = (await search({ sort, limit: 1 })).json() as Page;
      assert.equal((await search({ sort, limit: 1, cursor: first.nextCursor })).statusCode, 200);
    }
  });

  test('GET list: simple filters, items carry tags; a cursor of another sort is refused', async () => {
    const response = await t.call({
      url: `/api/v1/sub-accounts/${sub}/contacts?search=ada&tagIds=${tag.vip},${tag.lead}&sort=fullName`,
      as: t.a.ownerEmail,
    });
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json() as Page;
    assert.deepEqual(
      page.items.map((i) => i.firstName),
      ['Ada'],
    );
    assert.deepEqual(page.items[0]!.tags.map((x) => x.name).sort(), ['lead', 'vip']);
    assert.equal(page.totalIsEstimate, false);
    const first = (await search({ sort: 'fullName', limit: 1 })).json() as Page;
    const mismatched = await search({ sort: '-createdAt', cursor: first.nextCursor });
    assert.equal(mismatched.statusCode, 400);
    const badSort = await t.call({
      url: `/api/v1/sub-accounts/${sub}/contacts?sort=password`,
      as: t.a.ownerEmail,
    });
    assert.equal(badSort.statusCode, 400);
  });

  test('totals are capped past TOTAL_CAP (totalIsEstimate); EXPLAIN shows the indexes at 10,000 rows', async () => {
    const big = t.a.subAccountIds[0]!;
    await withSystem(async () => {
      await txSql().query(
        `insert into contacts (sub_account_id, id, first_name, last_name, email, phone)
         select $1, gen_random_uuid(), 'Bulk ' || g, md5(g::text), md5('e' || g) || '@mass.example',
                '+1' || (2010000000::bigint + abs(hashtext(g::text)) % 989999999)::text
           from generate_series(1, 10001) g`,
        [big],
      );
      await txSql().query('analyze contacts');
    });
    const page = (await search({ filter: { search: 'bulk' }, limit: 1 }, t.a.ownerEmail, big)).json() as Page;
    assert.equal(page.total, TOTAL_CAP);
    assert.equal(page.totalIsEstimate, true);

    const explain = (filter: unknown) =>
      withSystem(async () => {
        const where = compileContactFilter(parseContactFilter(filter), {
          subAccountId: big,
          fields: new Map(),
        });
        // 10,000 rows are still cheap to scan whole on PGlite's cost model; at a million they are
        // not. Forbidding the scan shows which index the planner reaches for instead.
        await txSql().query('set local enable_seqscan = off');
        const q = tx().select({ id: contacts.id }).from(contacts).where(where).toSQL();
        const { rows } = await txSql().query<{ 'QUERY PLAN': string }>(`explain ${q.sql}`, q.params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    const one = await withSystem(async () => {
      const { rows } = await txSql().query<{ last_name: string; phone_digits: string }>(
        `select last_name, phone_digits from contacts where sub_account_id = $1 and first_name = 'Bulk 1234'`,
        [big],
      );
      return rows[0]!;
    });
    const byName = await explain({ search: one.last_name.slice(4, 14) });
    assert.match(byName, /contacts_search_name_idx/, byName);
    // The email and phone arms' trigram lookups are costed above a bitmap over a 10,000-row
    // tenant here; at a million rows (bench/contacts) they win. Each arm is still an index lookup.
    assert.doesNotMatch(byName, /Seq Scan on contacts/, byName);
    const digits = one.phone_digits.slice(1);
    const byPhone = await explain({
      search: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
    });
    assert.match(byPhone, /Append/, byPhone);
    assert.doesNotMatch(byPhone, /Seq Scan on contacts/, byPhone);
    // The default page walks contacts_created_idx (DESC NULLS LAST) without sorting, first page
    // and after a cursor: the ORDER BY must spell the index's null placement to match it.
    for (const after of [undefined, { value: new Date().toISOString(), id: big }]) {
      const firstPage = await withSystem(async () => {
        const where = compileContactFilter(parseContactFilter({}), { subAccountId: big, fields: new Map() });
        const q = contactIdsQuery({
          where,
          sort: sortPlan('-createdAt', new Map()),
          after,
          limit: 51,
        }).toSQL();
        const { rows } = await txSql().query<{ 'QUERY PLAN': string }>(`explain ${q.sql}`, q.params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      assert.match(firstPage, /contacts_created_idx/, firstPage);
      assert.doesNotMatch(firstPage, /Sort/, firstPage);
    }
    // A short term under RLS, as the page query runs it: a common prefix ("bu": every row) walks
    // the created_at index and stops at the page; as "contains", in the UNION of the longer terms,
    // it gathered every match first. (A rare prefix reads its trigram postings at a million rows,
    // see the module README; at 10,000 the planner rightly prefers reading the sub-account.)
    const largestRead = (term: string) =>
      withTenant({ agencyId: t.a.agencyId, subAccountId: big }, async () => {
        await txSql().query('set local enable_seqscan = off');
        const where = compileContactFilter(parseContactFilter({ search: term }), {
          subAccountId: big,
          fields: new Map(),
        });
        const q = contactIdsQuery({ where, sort: sortPlan('-createdAt', new Map()), limit: 51 }).toSQL();
        const { rows } = await txSql().query<{ 'QUERY PLAN': string }>(
          `explain (analyze, costs off, timing off) ${q.sql}`,
          q.params,
        );
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        const read = [...plan.matchAll(/rows=([\d.]+) loops=([\d.]+)/g)].map(
          (m) => Number(m[1]) * Number(m[2]),
        );
        const removed = [...plan.matchAll(/Rows Removed by (?:Filter|Index Recheck): (\d+)/g)].map((m) =>
          Number(m[1]),
        );
        return { plan, most: Math.max(...read, ...removed) };
      });
    const common = await largestRead('bu');
    assert.ok(common.most < 1000, common.plan);
    assert.match(common.plan, /contacts_created_idx/, common.plan);
    await withSystem(() =>
      txSql().query(`delete from contacts where sub_account_id = $1 and first_name like 'Bulk %'`, [big]),
    );
  });

  test('source counts: live contacts per source and without one, most first, capped like totals; cross-tenant 404', async () => {
    const bSub = t.b.subAccountIds[1]!;
    await withSystem(() =>
      txSql().query(
        `insert into contacts (sub_account_id, id, first_name, source, deleted_at)
         select $1, gen_random_uuid(), 'Source ' || g,
                case when g <= 1001 then 'ads' when g <= 1004 then 'referral' when g = 1005 then null
                     else 'gone' end,
                case when g = 1006 then now() end
           from generate_series(1, 1006) g`,
        [bSub],
      ),
    );
    const url = `/api/v1/sub-accounts/${bSub}/contacts/source-counts`;
    const counts = await t.call({ url, as: t.b.ownerEmail });
    assert.equal(counts.statusCode, 200, counts.body);
    assert.deepEqual(counts.json(), {
      items: [
        { source: 'ads', count: TOTAL_CAP, countIsEstimate: true },
        { source: 'referral', count: 3, countIsEstimate: false },
        { source: null, count: 1, countIsEstimate: false },
      ],
      truncated: false,
    });
    assert.equal((await t.call({ url, as: t.a.ownerEmail })).statusCode, 404);
    assert.equal((await t.call({ url })).statusCode, 401);
  });

  test('cross-tenant: A cannot search B; the limited sales user can read', async () => {
    const foreign = await search({}, t.a.ownerEmail, t.b.subAccountIds[0]);
    assert.equal(foreign.statusCode, 404);
    const member = await search({}, t.a.memberEmail, t.a.subAccountIds[0]);
    assert.equal(member.statusCode, 200, member.body);
  });
});
