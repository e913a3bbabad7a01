import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { asSystem } from '../../platform/access/access.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { rebuildStep, rebuildWork, reevaluateContacts } from './smart-list.service.ts';

// No worker: the test plays the rebuild job's steps and the contacts.* subscriber's runs itself,
// in the orders a busy worker could run them.
let t: TestApp;
let sub: string;
let base: string;
before(async () => {
  t = await startTestApp({ WORKER: 'off' });
  sub = t.a.subAccountIds[1]!;
  base = `/api/v1/sub-accounts/${sub}`;
});
after(() => t.stop());

const as = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
  t.call({ method, url, body, as: t.a.ownerEmail });

const job = (smartListId: string) => ({ agencyId: t.a.agencyId, subAccountId: sub, smartListId });
const step = (smartListId: string, batch: number) =>
  asSystem(rebuildWork(job(smartListId)), (ctx) => rebuildStep(ctx, job(smartListId), batch));
const finish = async (smartListId: string, batch: number) => {
  while (await step(smartListId, batch)) {
    // next batch
  }
};
/** What the contacts.* subscriber does when the events about these contacts reach it. */
const subscriber = (contactIds: string[]) =>
  withSystem(() => reevaluateContacts({ agencyId: t.a.agencyId, subAccountId: sub, contactIds }));

const query = <R extends Record<string, unknown>>(text: string, params: unknown[]) =>
  withSystem(async () => (await txSql().query<R>(text, params)).rows);
const members = async (listId: string) =>
  (
    await query<{ contact_id: string }>(
      'select contact_id from smart_list_memberships where sub_account_id = $1 and smart_list_id = $2',
      [sub, listId],
    )
  )
    .map((r) => r.contact_id)
    .sort();
const events = async (listId: string) => {
  const rows = await query<{ event_type: string; payload: { contactId: string } }>(
    `select event_type, payload from outbox where payload->>'smartListId' = $1 order by created_at`,
    [listId],
  );
  return rows.map((r) => `${r.event_type.replace('smart_lists.', '')} ${r.payload.contactId}`);
};
const rebuilding = async (listId: string) =>
  (await query('select 1 from smart_list_rebuilds where smart_list_id = $1', [listId])).length > 0;

async function contacts(status: string, count: number, name: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await as('POST', `${base}/contacts`, { firstName: `${name}${i}`, status });
    assert.equal(created.statusCode, 201, created.body);
    ids.push(created.json().id);
  }
  return ids.sort();
}
const setStatus = async (id: string, status: string) => {
  const patched = await as('PATCH', `${base}/contacts/${id}`, { status });
  assert.equal(patched.statusCode, 200, patched.body);
};
const newList = async (name: string, filter: Record<string, unknown>): Promise<string> => {
  const created = await as('POST', `${base}/smart-lists`, { name, filter });
  assert.equal(created.statusCode, 201, created.body);
  return created.json().id;
};

describe('smart list rebuild and the contacts.* subscriber', () => {
  test('a contact that changes after the rebuild reached it enters or exits with its event, however late the subscriber runs', async () => {
    const [a, b, c, d] = await contacts('lost', 4, 'Race');
    const list = await newList('Race', { status: 'lost', search: 'Race' });

    assert.equal(await step(list, 2), true, 'more to do after the first batch');
    assert.deepEqual(await members(list), [a, b]);
    await setStatus(a!, 'converted'); // reached: the subscriber's to judge
    await setStatus(c!, 'converted'); // not reached yet: the rebuild's
    await finish(list, 2);
    assert.equal(await rebuilding(list), false);
    // The rebuild left a to the subscriber, which (delivered late) sees it leave.
    assert.deepEqual(await members(list), [a, b, d].sort());
    assert.deepEqual(await subscriber([a!, c!]), { entered: 0, exited: 1 });
    assert.deepEqual(await members(list), [b, d].sort());

    await setStatus(c!, 'lost');
    assert.deepEqual(await subscriber([c!]), { entered: 1, exited: 0 });
    assert.deepEqual(await events(list), [`exited ${a}`, `entered ${c}`]);
    assert.deepEqual(await members(list), [b, c, d].sort());
  });

  test('contacts the rebuild has not reached are left to it: no event for a list being filled', async () => {
    const ids = await contacts('lost', 3, 'Fresh');
    const list = await newList('Fresh', { status: 'lost', search: 'Fresh' });
    await setStatus(ids[2]!, 'converted');
    // The subscriber runs before the rebuild starts: nothing is its own yet.
    assert.deepEqual(await subscriber(ids), { entered: 0, exited: 0 });
    assert.deepEqual(await members(list), []);
    await finish(list, 2);
    assert.deepEqual(await members(list), ids.slice(0, 2));
    assert.deepEqual(await events(list), []);
  });

  test('a filter change starts over: members of the old filter leave without events as the rebuild reaches them', async () => {
    const [lost1, lost2] = await contacts('lost', 2, 'Swap');
    const [won1, won2] = await contacts('converted', 2, 'Swap');
    const list = await newList('Swap', { status: 'lost', search: 'Swap' });
    await finish(list, 1);
    assert.deepEqual(await members(list), [lost1, lost2].sort());
    const patched = await as('PATCH', `${base}/smart-lists/${list}`, {
      filter: { status: 'converted', search: 'Swap' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(await rebuilding(list), true);
    // Events about all four arrive mid-rebuild: none of them is the subscriber's yet.
    assert.deepEqual(await subscriber([lost1!, lost2!, won1!, won2!]), { entered: 0, exited: 0 });
    await finish(list, 1);
    assert.deepEqual(await members(list), [won1, won2].sort());
    assert.deepEqual(await events(list), []);
  });

  test('the subscriber waits for a rebuild step in progress on the same list', async () => {
    const [first] = await contacts('lost', 2, 'Wait');
    const list = await newList('Wait', { status: 'lost', search: 'Wait' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let stepped!: () => void;
    const inStep = new Promise<void>((resolve) => (stepped = resolve));
    const held = asSystem(rebuildWork(job(list)), async (ctx) => {
      const more = await rebuildStep(ctx, job(list), 1);
      stepped();
      await gate;
      return more;
    });
    await inStep;
    let done = false;
    const running = subscriber([first!]).then((result) => {
      done = true;
      return result;
    });
    try {
      await sleep(300);
      assert.equal(done, false, 'the subscriber ran while the step held the list');
    } finally {
      release();
    }
    assert.equal(await held, true);
    // It then reads what the step committed: the first contact is a member already, no event.
    assert.deepEqual(await running, { entered: 0, exited: 0 });
    assert.deepEqual(await members(list), [first]);
  });
});
