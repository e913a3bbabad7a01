import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { deliverEvents } from '../../../test/deliver-events.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { timelineSubscriptions } from './timeline.subscribers.ts';

let t: TestApp;
let base: string;
let stages: { id: string; name: string }[];
let pipelineId: string;
before(async () => {
  t = await startTestApp();
  base = `/api/v1/sub-accounts/${t.a.subAccountIds[0]}`;
  const pipeline = await call('POST', `${base}/pipelines`, {
    name: 'Timeline deals',
    stages: [{ name: 'New' }, { name: 'Proposal' }],
  });
  assert.equal(pipeline.statusCode, 201, pipeline.body);
  pipelineId = pipeline.json().id;
  stages = pipeline.json().stages;
});
after(() => t.stop());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Item = {
  id: string;
  kind: string;
  summary: string;
  actorName: string | null;
  at: string;
  details: Json;
};
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (method: Method, url: string, body?: unknown) =>
  t.call({ method, url, body, as: t.a.ownerEmail });
const query = async <T = Json>(text: string, params: unknown[] = []) =>
  withSystem(async () => (await txSql().query<T>(text, params)).rows as T[]);

async function newContact(firstName: string): Promise<string> {
  const response = await call('POST', `${base}/contacts`, { firstName });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}
async function newOpportunity(contactId: string, body: Json = {}): Promise<string> {
  const response = await call('POST', `${base}/opportunities`, {
    name: 'Secret deal',
    contactId,
    pipelineId,
    monetaryValue: 250000,
    ...body,
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}
async function timeline(
  contactId: string,
  as: string | { apiKey: string } = t.a.ownerEmail,
): Promise<Item[]> {
  await deliverEvents();
  const response = await t.call({ url: `${base}/contacts/${contactId}/timeline?limit=100`, as });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().items;
}
async function apiKeyWithRole(role: string): Promise<{ apiKey: string }> {
  const response = await call('POST', `${base}/api-keys`, { name: `${role} key`, roleId: t.a.roleIds[role] });
  assert.equal(response.statusCode, 201, response.body);
  return { apiKey: response.json().secret };
}

/** Hands the subscriber the recorded event about this contact once more, as a retry would. */
async function redeliver(type: string, contactId: string, subscriber: string): Promise<void> {
  const [event] = await query<Json>(
    `select id, event_type as type, agency_id as "agencyId", sub_account_id as "subAccountId",
            actor_user_id as "actorUserId", payload, created_at as "createdAt"
       from outbox where event_type = $1 and payload->>'contactId' = $2`,
    [type, contactId],
  );
  const handler = timelineSubscriptions.find((s) => s.subscriber === subscriber)!.handler;
  const context = { subscriber, attempt: 2, idempotencyKey: `${event!.id}:${subscriber}` };
  await withSystem(() => handler(event as never, context));
}

describe('the contact timeline', () => {
  test('a bot_trainer API key sees the contact but nothing of its opportunities; an owner does', async () => {
    const contactId = await newContact('Guarded');
    const opportunityId = await newOpportunity(contactId);
    await call('PATCH', `${base}/opportunities/${opportunityId}`, { monetaryValue: 300000 });
    await call('POST', `${base}/opportunities/${opportunityId}/notes`, { body: 'They will pay double' });
    await call('POST', `${base}/contacts/${contactId}/notes`, { body: 'Likes bots' });
    const bot = await apiKeyWithRole('bot_trainer');
    assert.equal((await t.call({ url: `${base}/opportunities/${opportunityId}`, as: bot })).statusCode, 403);

    const owner = await timeline(contactId);
    assert.deepEqual(
      owner.map((i) => i.kind),
      ['note_created', 'note_created', 'opportunity_value_changed', 'opportunity_created', 'created'],
    );
    assert.ok(owner.some((i) => i.summary === 'Opportunity: Secret deal (New)'));

    const seen = await timeline(contactId, bot);
    assert.deepEqual(
      seen.map((i) => [i.kind, i.summary]),
      [
        ['note_created', 'Note: Likes bots'],
        ['created', 'Contact created'],
      ],
    );
    assert.doesNotMatch(JSON.stringify(seen), /Secret deal|double|3,000|2,500/);
  });

  test('amounts are formatted by their currency: yen have no minor unit', async () => {
    const contactId = await newContact('Yen');
    const opportunityId = await newOpportunity(contactId, {
      name: 'Tokyo',
      currency: 'JPY',
      monetaryValue: 250000,
    });
    await call('PATCH', `${base}/opportunities/${opportunityId}`, { monetaryValue: 300000 });
    const [changed] = (await timeline(contactId)).filter((i) => i.kind === 'opportunity_value_changed');
    assert.equal(changed!.summary, 'Tokyo value ¥250,000 → ¥300,000');
    assert.deepEqual(changed!.details.to, { amount: 300000, currency: 'JPY' });
  });

  test('a redelivered event writes its activities once', async () => {
    const contactId = await newContact('Twice');
    await call('POST', `${base}/contacts/${contactId}/notes`, { body: 'Once only' });
    await deliverEvents();
    await redeliver('notes.created', contactId, 'timeline.notes');
    await redeliver('notes.created', contactId, 'timeline.notes');
    const notes = (await timeline(contactId)).filter((i) => i.kind === 'note_created');
    assert.deepEqual(
      notes.map((i) => i.summary),
      ['Note: Once only'],
    );
  });

  test("a merge carries the duplicate's history to the contact it was merged into, once", async () => {
    const survivor = await newContact('Survivor');
    const duplicate = await newContact('Duplicate');
    await call('POST', `${base}/contacts/${duplicate}/notes`, { body: 'Called from the other number' });
    await deliverEvents();
    const merged = await call('POST', `${base}/contacts/${survivor}/merge`, { duplicateId: duplicate });
    assert.equal(merged.statusCode, 200, merged.body);
    const kinds = async (contactId: string) => (await timeline(contactId)).map((i) => i.kind);
    assert.deepEqual(await kinds(survivor), ['merged', 'note_created', 'created', 'created']);
    assert.deepEqual(await kinds(duplicate), ['deleted'], 'the duplicate keeps where it went');

    // The merge event delivered again moves nothing more: the duplicate's last line stays its own.
    await redeliver('contacts.merged', survivor, 'timeline.contacts');
    assert.deepEqual(await kinds(survivor), ['merged', 'note_created', 'created', 'created']);
    assert.deepEqual(await kinds(duplicate), ['deleted']);
  });

  test('the upgrade carries the audit history over: the same items the old timeline showed', async () => {
    const contactId = await newContact('History');
    await call('PATCH', `${base}/contacts/${contactId}`, {
      email: 'history@example.com',
      status: 'contacted',
    });
    await call('POST', `${base}/contacts/${contactId}/tags`, { names: ['carried'] });
    const untagged = await call('DELETE', `${base}/contacts/${contactId}/tags`, { names: ['carried'] });
    assert.equal(untagged.statusCode, 200, untagged.body);
    await call('POST', `${base}/contacts/${contactId}/notes`, { body: 'x'.repeat(200) });
    const task = await call('POST', `${base}/contacts/${contactId}/tasks`, { title: 'Call back' });
    await call('POST', `${base}/contacts/${contactId}/tasks/${task.json().id}/complete`);
    const opportunityId = await newOpportunity(contactId, { name: 'Carried deal', currency: 'JPY' });
    await call('PATCH', `${base}/opportunities/${opportunityId}`, { stageId: stages[1]!.id });
    await call('PATCH', `${base}/opportunities/${opportunityId}`, { status: 'won' });
    await call('PATCH', `${base}/opportunities/${opportunityId}`, { monetaryValue: 260000 });
    await call('DELETE', `${base}/contacts/${contactId}`);
    await call('POST', `${base}/contacts/${contactId}/restore`);

    const fed = await timeline(contactId);
    // Before the upgrade there were no activities: only the audit log.
    await withSystem(async () => {
      await txSql().query('delete from timeline_activities where contact_id = $1', [contactId]);
      await txSql().query('select app.backfill_timeline_activities($1)', [t.a.subAccountIds[0]]);
    });
    const carried = await timeline(contactId);
    const shape = (items: Item[]) => items.map((i) => [i.kind, i.summary, i.actorName]);
    // What the audit-log timeline showed for this history (its amounts in yen, now right).
    const oldTimeline = [
      ['restored', 'Contact restored', 'Owner A'],
      ['deleted', 'Contact deleted', 'Owner A'],
      ['opportunity_value_changed', 'Carried deal value ¥250,000 → ¥260,000', 'Owner A'],
      ['opportunity_status_changed', 'Carried deal marked won', 'Owner A'],
      ['opportunity_stage_changed', 'Carried deal moved to Proposal', 'Owner A'],
      ['opportunity_created', 'Opportunity: Carried deal (New)', 'Owner A'],
      ['task_completed', 'Completed: Call back', 'Owner A'],
      ['task_created', 'Task: Call back', 'Owner A'],
      ['note_created', `Note: ${'x'.repeat(139)}…`, 'Owner A'],
      ['tag_removed', 'Untagged carried', 'Owner A'],
      ['tag_added', 'Tagged carried', 'Owner A'],
      ['updated', 'Changed email, status', 'Owner A'],
      ['created', 'Contact created', 'Owner A'],
    ];
    assert.deepEqual(shape(carried), oldTimeline);
    assert.deepEqual(shape(fed), oldTimeline, 'the events write what the audit log showed');
    assert.deepEqual(
      carried.find((i) => i.kind === 'updated')!.details.changes,
      fed.find((i) => i.kind === 'updated')!.details.changes,
    );
    assert.deepEqual(
      carried.map((i) => i.at),
      fed.map((i) => i.at),
    );
    // Carrying over again writes nothing new.
    const [again] = await query<{ written: number }>(
      'select app.backfill_timeline_activities($1) as written',
      [t.a.subAccountIds[0]],
    );
    assert.equal(Number(again!.written), 0);
    // And the carried-over rows keep their permission: a bot_trainer key sees no opportunity.
    const bot = await apiKeyWithRole('bot_trainer');
    assert.ok((await timeline(contactId, bot)).every((i) => !i.kind.startsWith('opportunity_')));
  });

  test("another tenant's contact has no timeline here", async () => {
    const [foreign] = await query<{ id: string }>(
      'select id from contacts where sub_account_id = $1 limit 1',
      [t.b.subAccountIds[0]],
    );
    const response = await call('GET', `${base}/contacts/${foreign!.id}/timeline`);
    assert.equal(response.statusCode, 404);
    const none = await call('GET', `${base}/contacts/${newId()}/timeline`);
    assert.equal(none.statusCode, 404);
  });
});
