import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { waitFor } from '../../../test/jobs/wait-for.ts';
import { deliverEvents } from '../../../test/deliver-events.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import {
  IMPORTABLE_CONTACT_FIELDS,
  IMPORTED_ADDRESS_PARTS,
  IMPORTED_TEXT_FIELDS,
} from '../contacts/index.ts';

let t: TestApp;
let base: string;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/contact-imports`;
});
after(() => t.stop());

type ImportView = {
  id: string;
  status: string;
  headers: string[];
  mapping: Record<string, string>;
  delimiter: string;
  totalRows: number;
  processedRows: number;
  createdCount: number;
  updatedCount: number;
  skippedCount: number;
  errorCount: number;
};

const upload = (csv: string | Buffer, fileName = 'contacts.csv', url = base, as = t.a.ownerEmail) =>
  t.call({
    method: 'POST',
    url: `${url}?fileName=${encodeURIComponent(fileName)}`,
    body: csv,
    headers: { 'content-type': 'text/csv' },
    as,
  });

async function runImport(
  csv: string,
  settings: Record<string, unknown> = {},
  url = base,
): Promise<ImportView> {
  const uploaded = await upload(csv, 'contacts.csv', url);
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  const id = (uploaded.json() as ImportView).id;
  if (Object.keys(settings).length > 0) {
    const patched = await t.call({
      method: 'PATCH',
      url: `${url}/${id}`,
      body: settings,
      as: t.a.ownerEmail,
    });
    assert.equal(patched.statusCode, 200, patched.body);
  }
  const started = await t.call({ method: 'POST', url: `${url}/${id}/start`, as: t.a.ownerEmail });
  assert.equal(started.statusCode, 200, started.body);
  assert.equal(started.json().status, 'queued');
  return waitFor(
    'import to finish',
    async () => {
      const view = (await t.call({ url: `${url}/${id}`, as: t.a.ownerEmail })).json() as ImportView;
      return view.status === 'completed' || view.status === 'failed' ? view : undefined;
    },
    60_000,
    200,
  );
}

async function contactsWhere(where: string, params: unknown[] = [], subAccountId = t.a.subAccountIds[0]) {
  return withSystem(async () => {
    const { rows } = await txSql().query<{
      id: string;
      first_name: string | null;
      last_name: string | null;
      email: string | null;
      phone: string | null;
      company_name: string | null;
      custom_fields: Record<string, unknown>;
    }>(
      `select id, first_name, last_name, email::text as email, phone, company_name, custom_fields from contacts
        where sub_account_id = $1 and ${where} order by created_at, id`,
      [subAccountId, ...params],
    );
    return rows;
  });
}

describe('contact imports', () => {
  test('BOM, semicolons and a quoted newline; a ragged row and a bad email become error rows', async () => {
    const csv =
      '\uFEFFFirst Name;Last Name;E-mail Address;Mobile;Company;Notes\r\n' +
      'Ada;Lovelace;ada@bom.example;(415) 555-0101;"Analytical; Engines\nLtd";x\r\n' +
      'Grace;Hopper;grace@bom.example;+1 415 555 0102;Navy\r\n' +
      'Bad;Email;not-an-email;;;\r\n' +
      'Alan;Turing;alan@bom.example;;Bletchley;y\r\n';
    const uploaded = await upload(csv);
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const view = uploaded.json() as ImportView;
    assert.equal(view.delimiter, ';');
    assert.deepEqual(view.headers, [
      'First Name',
      'Last Name',
      'E-mail Address',
      'Mobile',
      'Company',
      'Notes',
    ]);
    assert.deepEqual(view.mapping, {
      'First Name': 'firstName',
      'Last Name': 'lastName',
      'E-mail Address': 'email',
      Mobile: 'phone',
      Company: 'companyName',
      Notes: 'ignore',
    });
    assert.equal(view.totalRows, 4, 'the quoted newline does not start a row');

    const done = await runImport(csv);
    assert.equal(done.status, 'completed');
    assert.equal(done.processedRows, 4);
    assert.equal(done.createdCount, 2);
    assert.equal(done.errorCount, 2);
    const rows = await contactsWhere(`email like '%@bom.example'`);
    assert.deepEqual(
      rows.map((r) => [r.first_name, r.email, r.phone, r.company_name]),
      [
        ['Ada', 'ada@bom.example', '+14155550101', 'Analytical; Engines\nLtd'],
        ['Alan', 'alan@bom.example', null, 'Bletchley'],
      ],
    );
    const report = await t.call({ url: `${base}/${(done as ImportView).id}/errors.csv`, as: t.a.ownerEmail });
    assert.equal(report.statusCode, 200);
    assert.match(report.headers['content-type'] as string, /text\/csv/);
    const lines = report.body.trim().split('\r\n');
    assert.equal(lines[0], 'row_number,reason');
    assert.match(lines[1]!, /^3,"has 5 columns, the header has 6/);
    assert.match(lines[2]!, /^4,"email: 'not-an-email' is not an email address/);
  });

  test('a row with a company but no name, email or phone is an error row, not an unnamed contact', async () => {
    const csv = 'First Name,Email,Company\nNora,nora@unnamed.example,Acme\n,,Nameless Ltd\n';
    const done = await runImport(csv);
    assert.equal(done.createdCount, 1);
    assert.equal(done.errorCount, 1);
    assert.deepEqual(await contactsWhere(`company_name = 'Nameless Ltd'`), []);
    const report = await t.call({ url: `${base}/${done.id}/errors.csv`, as: t.a.ownerEmail });
    assert.match(report.body.trim().split('\r\n')[1]!, /^3,"needs a name, an email or a phone/);
  });

  test('a file that is not UTF-8 is refused with a 400 and leaves nothing', async () => {
    const before = (await t.call({ url: base, as: t.a.ownerEmail })).json().items.length;
    const latin1 = Buffer.concat([
      Buffer.from('name,email\nJos'),
      Buffer.from([0xe9]),
      Buffer.from(',jose@x.example\n'),
    ]);
    const response = await upload(latin1);
    assert.equal(response.statusCode, 400, response.body);
    assert.match(response.json().detail ?? response.body, /not UTF-8/);
    const afterCount = (await t.call({ url: base, as: t.a.ownerEmail })).json().items.length;
    assert.equal(afterCount, before);
    const empty = await upload('');
    assert.equal(empty.statusCode, 400);
  });

  test('every importable contact field is written on create and on update', async () => {
    const fields = Object.keys(IMPORTABLE_CONTACT_FIELDS).filter((f) => f !== 'fullName');
    const cell = (field: string, round: string) =>
      field === 'email'
        ? 'every@fields.example'
        : field === 'phone'
          ? '+14155550177'
          : field === 'tags'
            ? `tag-${round}`
            : `${field}-${round}`;
    const csv = (round: string) => `${fields.join(',')}\n${fields.map((f) => cell(f, round)).join(',')}\n`;
    const mapping = Object.fromEntries(fields.map((f) => [f, f]));
    const read = async () => {
      const [row] = await contactsWhere(`email = 'every@fields.example'`);
      const response = await t.call({
        url: `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/contacts/${row!.id}`,
        as: t.a.ownerEmail,
      });
      const contact = response.json() as Record<string, unknown> & { address: Record<string, unknown> };
      return [
        ...IMPORTED_TEXT_FIELDS.map((f) => [f, contact[f]]),
        ...IMPORTED_ADDRESS_PARTS.map((part) => [`address.${part}`, contact.address[part]]),
      ];
    };
    const expected = (round: string) => [
      ...IMPORTED_TEXT_FIELDS.map((f) => [f, cell(f, round)]),
      ...IMPORTED_ADDRESS_PARTS.map((part) => [`address.${part}`, cell(`address.${part}`, round)]),
    ];
    assert.equal((await runImport(csv('one'), { mapping })).createdCount, 1);
    assert.deepEqual(await read(), expected('one'));
    const updated = await runImport(csv('two'), { mapping, duplicatePolicy: 'update' });
    assert.equal(updated.updatedCount, 1);
    assert.deepEqual(await read(), expected('two'));
  });

  test('duplicates by email or phone, in the sub-account and in the file, per policy', async () => {
    const first = await runImport('name,email,phone\nOld One,one@dup.example,\nOld Two,,+14155550199\n');
    assert.equal(first.createdCount, 2);
    const again =
      'name,email,phone,city\n' +
      'New One,ONE@dup.example,,Paris\n' + // same email, other case
      'New Two,,(415) 555-0199,Lyon\n' + // same phone, other formatting
      'Three,three@dup.example,,Nice\n' +
      'Three Again,three@dup.example,,Nantes\n'; // duplicate inside the file
    const skip = await runImport(again, { duplicatePolicy: 'skip' });
    assert.deepEqual([skip.createdCount, skip.updatedCount, skip.skippedCount], [1, 0, 3]);
    assert.deepEqual(
      (await contactsWhere(`email = 'one@dup.example'`)).map((r) => r.first_name),
      ['Old'],
    );

    const update = await runImport(again.replace(/three/g, 'four'), { duplicatePolicy: 'update' });
    assert.deepEqual([update.createdCount, update.updatedCount, update.skippedCount], [1, 3, 0]);
    assert.deepEqual(
      (await contactsWhere(`email in ('one@dup.example', 'four@dup.example') or phone = '+14155550199'`)).map(
        (r) => [r.first_name, r.last_name],
      ),
      [
        ['New', 'One'],
        ['New', 'Two'],
        ['Three', 'Again'],
      ],
    );

    const create = await runImport(again.replace(/three/g, 'five'), { duplicatePolicy: 'create' });
    assert.deepEqual([create.createdCount, create.updatedCount, create.skippedCount], [4, 0, 0]);
    assert.equal((await contactsWhere(`email = 'one@dup.example'`)).length, 2);
    assert.equal((await contactsWhere(`email = 'five@dup.example'`)).length, 2);
  });

  test('batches written side by side still see duplicates across them, and tags named in several', async () => {
    // 3,600 rows in four batches. Batch 2 repeats an email of batch 1 and batch 4 a phone of
    // batch 3: those pairs must be written one after the other, or the second copy would be
    // created beside the first. Batches 2 and 3 share nothing and may be written together. A new
    // tag first named in batch 2 is named again in batch 3.
    const rows = Array.from({ length: 3_600 }, (_, i) => {
      const email = i === 1_500 ? 'side-10@side.example' : `side-${i}@side.example`;
      const phone =
        i === 3_300 ? '+1646555' + String(2_100).padStart(4, '0') : `+1646555${String(i).padStart(4, '0')}`;
      const tag = i >= 1_200 && i < 2_400 && i % 100 === 0 ? 'side-by-side' : 'side';
      return `Side ${i},${email},${phone},${tag}`;
    });
    const done = await runImport(`name,email,phone,tags\n${rows.join('\n')}\n`, { duplicatePolicy: 'skip' });
    assert.equal(done.status, 'completed');
    assert.deepEqual(
      [done.processedRows, done.createdCount, done.skippedCount, done.errorCount],
      [3_600, 3_598, 2, 0],
    );
    const created = await contactsWhere(`email like '%@side.example'`);
    assert.equal(created.length, 3_598);
    assert.equal(new Set(created.map((r) => r.email)).size, 3_598);
    assert.equal(new Set(created.map((r) => r.phone)).size, 3_598);
    const tagged = await withSystem(async () => {
      const { rows: counts } = await txSql().query<{ name: string; n: number }>(
        `select t.name::text as name, count(ct.contact_id)::int as n from tags t
           join contact_tags ct on ct.sub_account_id = t.sub_account_id and ct.tag_id = t.id
          where t.sub_account_id = $1 and t.name in ('side', 'side-by-side') group by t.name order by t.name`,
        [t.a.subAccountIds[0]],
      );
      return counts;
    });
    // Rows 1,200, 1,300 ... 2,300 name the new tag; row 1,500 is the skipped duplicate.
    assert.deepEqual(tagged, [
      { name: 'side', n: 3_598 - 11 },
      { name: 'side-by-side', n: 11 },
    ]);
  });

  test('with policy update, batches go one after the other: a later batch sees what an earlier one changed', async () => {
    const first = await runImport('name,email,phone\nChanging Person,old@order.example,+16465559999\n');
    assert.equal(first.createdCount, 1);
    // Row 1 matches the contact by phone and gives it a new email; row 1,050 (the second batch)
    // gives the old email. In file order the old email belongs to nobody by then: a new contact.
    // Written beside the first batch, the second would still find the old email and update.
    const rows = Array.from({ length: 1_100 }, (_, i) =>
      i === 0
        ? 'Changed Person,new@order.example,+16465559999'
        : i === 1_049
          ? 'Someone Else,old@order.example,'
          : `Filler ${i},filler-${i}@order.example,`,
    );
    const done = await runImport(`name,email,phone\n${rows.join('\n')}\n`, { duplicatePolicy: 'update' });
    assert.deepEqual([done.status, done.createdCount, done.updatedCount], ['completed', 1_099, 1]);
    assert.deepEqual(
      (await contactsWhere(`email in ('old@order.example', 'new@order.example')`)).map((r) => [
        r.first_name,
        r.email,
      ]),
      [
        ['Changed', 'new@order.example'],
        ['Someone', 'old@order.example'],
      ],
    );
  });

  test('a row that creates a contact gets custom field defaults and needs required fields, as the API', async () => {
    // Another sub-account, so the required field does not reach the other tests' imports.
    const sub = t.a.subAccountIds[1];
    const url = `/api/v1/sub-accounts/${sub}/contact-imports`;
    const as = t.a.ownerEmail;
    for (const body of [
      { name: 'Plan', key: 'plan', type: 'single_select', options: ['free', 'pro'], defaultValue: 'free' },
      { name: 'Region', key: 'region', type: 'text', required: true },
    ]) {
      const created = await t.call({
        method: 'POST',
        url: `/api/v1/sub-accounts/${sub}/custom-fields`,
        body,
        as,
      });
      assert.equal(created.statusCode, 201, created.body);
    }
    // The API's rules, which the import must follow: a create needs the region and gets the default plan.
    const contacts = `/api/v1/sub-accounts/${sub}/contacts`;
    const refused = await t.call({ method: 'POST', url: contacts, body: { firstName: 'No Region' }, as });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.body, /customFields\.region/);
    const eve = await t.call({
      method: 'POST',
      url: contacts,
      body: { firstName: 'Eve', email: 'eve@cf.example', customFields: { region: 'EU', plan: 'pro' } },
      as,
    });
    assert.equal(eve.statusCode, 201, eve.body);
    const viaApi = await t.call({
      method: 'POST',
      url: contacts,
      body: { firstName: 'Api', customFields: { region: 'US' } },
      as,
    });
    assert.deepEqual(viaApi.json().customFields, { region: 'US', plan: 'free' });

    const csv =
      'name,email,region,plan\n' +
      'Ann Default,ann@cf.example,US,\n' + // created: the plan takes its default
      'Bob Chosen,bob@cf.example,US,pro\n' + // created with its own plan
      'Cid Missing,cid@cf.example,,pro\n' + // would create without a region: an error row
      'Eve Updated,eve@cf.example,,\n' + // updates Eve: an update needs nothing, resets nothing
      'Ann Again,ann@cf.example,,\n'; // the file's second Ann merges into the first: an update
    const mapping = { name: 'fullName', email: 'email', region: 'custom.region', plan: 'custom.plan' };
    const done = await runImport(csv, { mapping, duplicatePolicy: 'update' }, url);
    assert.equal(done.status, 'completed');
    assert.deepEqual([done.createdCount, done.updatedCount, done.errorCount], [2, 2, 1]);
    const rows = await contactsWhere(`email like '%@cf.example'`, [], sub);
    assert.deepEqual(
      rows.map((r) => [r.email, r.first_name, r.custom_fields]),
      [
        ['eve@cf.example', 'Eve', { region: 'EU', plan: 'pro' }],
        ['ann@cf.example', 'Ann', { region: 'US', plan: 'free' }],
        ['bob@cf.example', 'Bob', { region: 'US', plan: 'pro' }],
      ],
    );
    const report = await t.call({ url: `${url}/${done.id}/errors.csv`, as });
    assert.deepEqual(report.body.trim().split('\r\n'), [
      'row_number,reason',
      '4,customFields.region: is required',
    ]);

    // With policy 'create' every row is a create, so every row must bring the region.
    const created = await runImport(
      'name,email,region\nDee Dup,eve@cf.example,\nFay Five,fay@cf.example,CA\n',
      { mapping: { name: 'fullName', email: 'email', region: 'custom.region' }, duplicatePolicy: 'create' },
      url,
    );
    assert.deepEqual([created.createdCount, created.errorCount], [1, 1]);
    assert.deepEqual(
      (await contactsWhere(`email = 'fay@cf.example'`, [], sub)).map((r) => r.custom_fields),
      [{ region: 'CA', plan: 'free' }],
    );
  });

  test('tags from a column and from the wizard are added', async () => {
    const tag = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/tags`,
      body: { name: 'imported-2026' },
      as: t.a.ownerEmail,
    });
    assert.equal(tag.statusCode, 201, tag.body);
    const done = await runImport('name,email,tags\nTia Tag,tia@tags.example,"vip, newsletter"\n', {
      tagIds: [tag.json().id],
    });
    assert.equal(done.createdCount, 1);
    const names = await withSystem(async () =>
      (
        await txSql().query<{ name: string }>(
          `select t.name::text as name from contact_tags ct join tags t on t.sub_account_id = ct.sub_account_id and t.id = ct.tag_id
             join contacts c on c.sub_account_id = ct.sub_account_id and c.id = ct.contact_id
            where c.email = 'tia@tags.example' order by 1`,
        )
      ).rows.map((r) => r.name),
    );
    assert.deepEqual(names, ['imported-2026', 'newsletter', 'vip']);
    // The batch's event puts the creation and the tags on the timeline.
    const [tia] = await contactsWhere(`email = 'tia@tags.example'`);
    await deliverEvents();
    const contacts = `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/contacts`;
    const timeline = await t.call({ url: `${contacts}/${tia!.id}/timeline`, as: t.a.ownerEmail });
    assert.equal(timeline.statusCode, 200, timeline.body);
    assert.deepEqual(
      (timeline.json().items as { kind: string; summary: string; actorName: string }[])
        .map((i) => [i.kind, i.summary, i.actorName])
        .sort(),
      [
        ['created', 'Contact created', 'Owner A'],
        ['tag_added', 'Tagged imported-2026', 'Owner A'],
        ['tag_added', 'Tagged newsletter', 'Owner A'],
        ['tag_added', 'Tagged vip', 'Owner A'],
      ],
    );
  });

  test('a batch that fails once is retried and the import resumes without duplicates', async () => {
    // The sequence advances even when the failing transaction rolls back: the trigger fails once.
    await withSystem(async () => {
      await txSql().exec(`
        create sequence if not exists import_fault_seq;
        create or replace function import_fault() returns trigger language plpgsql security definer as $$
        begin
          if new.email = 'resume-2500@resume.example' and nextval('import_fault_seq') = 1 then
            raise exception 'injected failure in the third batch';
          end if;
          return new;
        end $$;
        create trigger import_fault before insert on contacts for each row execute function import_fault();`);
    });
    try {
      const rows = Array.from({ length: 3_500 }, (_, i) => `Resume ${i},resume-${i}@resume.example`);
      // 'create' would duplicate every row of the first batches if the retry started over.
      const done = await runImport(`name,email\n${rows.join('\n')}\n`, { duplicatePolicy: 'create' });
      assert.equal(done.status, 'completed');
      assert.equal(done.processedRows, 3_500);
      assert.equal(done.createdCount, 3_500);
      const counts = await contactsWhere(`email like '%@resume.example'`);
      assert.equal(counts.length, 3_500);
      assert.equal(new Set(counts.map((r) => r.email)).size, 3_500);
      const fired = await withSystem(
        async () =>
          (await txSql().query<{ v: string }>(`select last_value::text as v from import_fault_seq`)).rows[0]!
            .v,
      );
      assert.equal(fired, '2', 'the failing batch ran twice, the first two batches once');
    } finally {
      await withSystem(() =>
        txSql().exec(
          'drop trigger import_fault on contacts; drop function import_fault(); drop sequence import_fault_seq;',
        ),
      );
    }
  });

  test('progress, list, and cancel', async () => {
    const list = await t.call({ url: `${base}?limit=2`, as: t.a.ownerEmail });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().items.length, 2);
    assert.ok(list.json().nextCursor);
    const uploaded = (await upload('name\nCancel Me\n')).json() as ImportView;
    const cancelled = await t.call({
      method: 'POST',
      url: `${base}/${uploaded.id}/cancel`,
      as: t.a.ownerEmail,
    });
    assert.equal(cancelled.json().status, 'cancelled');
    const start = await t.call({ method: 'POST', url: `${base}/${uploaded.id}/start`, as: t.a.ownerEmail });
    assert.equal(start.statusCode, 409);
  });

  test('bad mappings are refused with the reason', async () => {
    const uploaded = (await upload('name,email\nX,x@map.example\n')).json() as ImportView;
    const unknownHeader = await t.call({
      method: 'PATCH',
      url: `${base}/${uploaded.id}`,
      body: { mapping: { Nope: 'email' } },
      as: t.a.ownerEmail,
    });
    assert.equal(unknownHeader.statusCode, 400);
    assert.match(unknownHeader.body, /not a header of this file/);
    const unknownField = await t.call({
      method: 'PATCH',
      url: `${base}/${uploaded.id}`,
      body: { mapping: { name: 'shoeSize' } },
      as: t.a.ownerEmail,
    });
    assert.equal(unknownField.statusCode, 400);
    const foreignTag = await withSystem(
      async () =>
        (
          await txSql().query<{ id: string }>(`select id from tags where sub_account_id = $1 limit 1`, [
            t.b.subAccountIds[0],
          ])
        ).rows[0]!.id,
    );
    const refused = await t.call({
      method: 'PATCH',
      url: `${base}/${uploaded.id}`,
      body: { tagIds: [foreignTag] },
      as: t.a.ownerEmail,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /not a tag of this sub-account/);
  });

  test("another tenant's import ids answer 404", async () => {
    const bImport = await withSystem(
      async () =>
        (
          await txSql().query<{ id: string }>(
            `select id from contact_imports where sub_account_id = $1 limit 1`,
            [t.b.subAccountIds[0]],
          )
        ).rows[0]!.id,
    );
    for (const [method, suffix] of [
      ['GET', ''],
      ['PATCH', ''],
      ['POST', '/start'],
      ['POST', '/cancel'],
      ['GET', '/errors.csv'],
    ] as const) {
      const response = await t.call({
        method,
        url: `${base}/${bImport}${suffix}`,
        as: t.a.ownerEmail,
        ...(method === 'PATCH' ? { body: { duplicatePolicy: 'update' } } : {}),
      });
      assert.equal(response.statusCode, 404, `${method} ${suffix}: ${response.body}`);
    }
    const bBase = `/api/v1/sub-accounts/${t.b.subAccountIds[0]}/contact-imports`;
    assert.equal((await upload('name\nX\n', 'x.csv', bBase)).statusCode, 404);
    assert.equal((await t.call({ url: bBase, as: t.a.ownerEmail })).statusCode, 404);
  });
});
