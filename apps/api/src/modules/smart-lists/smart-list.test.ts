import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { waitFor } from '../../../test/jobs/wait-for.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';

let t: TestApp;
let sub: string;
let base: string;
before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[1]!;
  base = `/api/v1/sub-accounts/${sub}`;
});
after(() => t.stop());

const as = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, who = t.a.ownerEmail) =>
  t.call({ method, url, body, as: who });

const members = (listId: string) =>
  withSystem(async () => {
    const { rows } = await txSql().query<{ contact_id: string }>(
      'select contact_id from smart_list_memberships where sub_account_id = $1 and smart_list_id = $2',
      [sub, listId],
    );
    return rows.map((r) => r.contact_id).sort();
  });

const eventsOf = (type: string, listId: string) =>
  withSystem(async () => {
    const { rows } = await txSql().query<{ payload: { contactId: string } }>(
      `select payload from outbox where event_type = $1 and payload->>'smartListId' = $2`,
      [type, listId],
    );
    return rows.map((r) => r.payload.contactId);
  });

const rebuilt = (listId: string) =>
  withSystem(async () => {
    const { rows } = await txSql().query<{ state: string }>(
      `select state from pgboss.job where name = 'smart_lists.rebuild' and data->>'smartListId' = $1`,
      [listId],
    );
    return rows.some((r) => r.state === 'completed');
  });

describe('smart lists', () => {
  test('create rebuilds membership; its contacts come from the filter', async () => {
    const ada = (await as('POST', `${base}/contacts`, { firstName: 'Ada', status: 'qualified' })).json();
    await as('POST', `${base}/contacts`, { firstName: 'Bob', status: 'new' });
    const created = await as('POST', `${base}/smart-lists`, {
      name: 'Qualified',
      filter: { status: 'qualified' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const list = created.json();
    await waitFor('rebuild', async () => (await members(list.id)).includes(ada.id));
    const contacts = (await as('GET', `${base}/smart-lists/${list.id}/contacts`)).json();
    assert.deepEqual(
      contacts.items.map((c: { firstName: string }) => c.firstName),
      ['Ada'],
    );
    assert.equal(contacts.total, 1);
  });

  test('a contact updated to match enters (event written); one that stops matching exits', async () => {
    const carl = (await as('POST', `${base}/contacts`, { firstName: 'Carl', status: 'new' })).json();
    const dora = (await as('POST', `${base}/contacts`, { firstName: 'Dora', status: 'lost' })).json();
    const list = (
      await as('POST', `${base}/smart-lists`, { name: 'Lost', filter: { status: ['lost'] } })
    ).json();
    // Once the rebuild is done, every later change is the subscriber's.
    await waitFor('rebuild', () => rebuilt(list.id));
    assert.deepEqual(await members(list.id), [dora.id]);
    const patched = await as('PATCH', `${base}/contacts/${carl.id}`, { status: 'lost' });
    assert.equal(patched.statusCode, 200, patched.body);
    await waitFor('entered', async () => (await eventsOf('smart_lists.entered', list.id)).includes(carl.id));
    assert.deepEqual(await members(list.id), [carl.id, dora.id].sort());
    const back = await as('PATCH', `${base}/contacts/${carl.id}`, { status: 'contacted' });
    assert.equal(back.statusCode, 200, back.body);
    await waitFor('exited', async () => (await eventsOf('smart_lists.exited', list.id)).includes(carl.id));
    assert.deepEqual(await members(list.id), [dora.id]);
    assert.equal(
      (await eventsOf('smart_lists.entered', list.id)).filter((id) => id === carl.id).length,
      1,
      'entered once, not on every change',
    );
  });

  test('contacts a CSV import creates or updates enter a matching list, as through the API', async () => {
    const olga = (
      await as('POST', `${base}/contacts`, {
        firstName: 'Olga',
        email: 'olga@fair.example',
        source: 'Walk-in',
      })
    ).json();
    const list = (
      await as('POST', `${base}/smart-lists`, { name: 'Trade fair', filter: { source: 'Trade fair' } })
    ).json();
    await waitFor('rebuild', () => rebuilt(list.id));
    assert.deepEqual(await members(list.id), []);
    // Through the API: the contact enters, with its event.
    const paula = (await as('POST', `${base}/contacts`, { firstName: 'Paula', source: 'Trade fair' })).json();
    await waitFor('API contact entered', async () =>
      (await eventsOf('smart_lists.entered', list.id)).includes(paula.id),
    );

    const imports = `${base}/contact-imports`;
    const uploaded = await t.call({
      method: 'POST',
      url: `${imports}?fileName=fair.csv`,
      body:
        'First Name,Email,Source\n' +
        'Nina,nina@fair.example,Trade fair\n' + // created, matches
        'Omar,omar@fair.example,Walk-in\n' + // created, does not match
        'Olga,olga@fair.example,Trade fair\n', // updated into the list
      headers: { 'content-type': 'text/csv' },
      as: t.a.ownerEmail,
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const importId = uploaded.json().id as string;
    const patched = await as('PATCH', `${imports}/${importId}`, {
      mapping: { 'First Name': 'firstName', Email: 'email', Source: 'source' },
      duplicatePolicy: 'update',
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal((await as('POST', `${imports}/${importId}/start`)).statusCode, 200);
    const done = await waitFor('import', async () => {
      const view = (await as('GET', `${imports}/${importId}`)).json();
      return view.status === 'completed' ? view : undefined;
    });
    assert.deepEqual([done.createdCount, done.updatedCount], [2, 1]);
    const [nina, omar] = await withSystem(async () => {
      const { rows } = await txSql().query<{ id: string }>(
        `select id from contacts where sub_account_id = $1 and email in ('nina@fair.example', 'omar@fair.example')
          order by email`,
        [sub],
      );
      return rows.map((r) => r.id);
    });
    await waitFor('imported contacts entered', async () => {
      const entered = await eventsOf('smart_lists.entered', list.id);
      return entered.includes(nina!) && entered.includes(olga.id);
    });
    assert.deepEqual(await members(list.id), [nina!, olga.id, paula.id].sort());
    assert.ok(!(await members(list.id)).includes(omar!));
    assert.deepEqual(
      (await eventsOf('smart_lists.entered', list.id)).sort(),
      [nina!, olga.id, paula.id].sort(),
      'one entered event each, like a contact created through the API',
    );
  });

  test('a filter change rebuilds; private lists are their owner’s; bad filters are a 400', async () => {
    const list = (
      await as('POST', `${base}/smart-lists`, { name: 'Mine', filter: {}, visibility: 'private' })
    ).json();
    const own = await as('GET', `${base}/smart-lists/${list.id}`);
    assert.equal(own.statusCode, 200);
    const patched = await as('PATCH', `${base}/smart-lists/${list.id}`, { filter: { search: 'ada' } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.json().filter, { search: 'ada' });
    const bad = await as('POST', `${base}/smart-lists`, {
      name: 'Bad',
      filter: { customFields: [{ key: 'nope', op: 'eq', value: 1 }] },
    });
    assert.equal(bad.statusCode, 400);
    const foreignTag = await withSystem(async () => {
      const { rows } = await txSql().query<{ id: string }>('select id from tags where sub_account_id = $1', [
        t.b.subAccountIds[0],
      ]);
      return rows[0]!.id;
    });
    const crossTag = await as('POST', `${base}/smart-lists`, {
      name: 'X',
      filter: { tags: { any: [foreignTag] } },
    });
    assert.equal(crossTag.statusCode, 400);
    const deleted = await as('DELETE', `${base}/smart-lists/${list.id}`);
    assert.equal(deleted.statusCode, 204);
    assert.equal((await as('GET', `${base}/smart-lists/${list.id}`)).statusCode, 404);
  });

  test("a private list is its owner's alone; a shared one is everyone's", async () => {
    const shared0 = `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/smart-lists`;
    const mine = (
      await as('POST', shared0, { name: 'Owner only', filter: {}, visibility: 'private' })
    ).json();
    const ours = (await as('POST', shared0, { name: 'Everyone', filter: {} })).json();
    const member = (method: 'GET' | 'PATCH', url: string, body?: unknown) =>
      as(method, url, body, t.a.memberEmail);
    assert.equal((await member('GET', `${shared0}/${mine.id}`)).statusCode, 404);
    assert.equal((await member('GET', `${shared0}/${mine.id}/contacts`)).statusCode, 404);
    assert.equal((await member('GET', `${shared0}/${ours.id}`)).statusCode, 200);
    const names = (await member('GET', shared0)).json().items.map((l: { name: string }) => l.name);
    assert.ok(names.includes('Everyone') && !names.includes('Owner only'), names.join(', '));
  });

  test("cross-tenant: B's list from A is a 404", async () => {
    const bList = await withSystem(async () => {
      const { rows } = await txSql().query<{ id: string }>(
        'select id from smart_lists where sub_account_id = $1',
        [t.b.subAccountIds[0]],
      );
      return rows[0]!.id;
    });
    const aSub = `/api/v1/sub-accounts/${t.a.subAccountIds[0]}`;
    assert.equal((await as('GET', `${aSub}/smart-lists/${bList}`)).statusCode, 404);
    assert.equal((await as('GET', `${aSub}/smart-lists/${bList}/contacts`)).statusCode, 404);
    assert.equal((await as('PATCH', `${aSub}/smart-lists/${bList}`, { name: 'x' })).statusCode, 404);
    assert.equal((await as('DELETE', `${aSub}/smart-lists/${bList}`)).statusCode, 404);
  });
});
