import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { asOwner } from '../../seed.ts';
import { addTagsToContacts, removeTagsFromContacts } from './index.ts';

let t: TestApp;
let sub: string;
let tagsUrl: string;
let contactsUrl: string;
before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[0];
  tagsUrl = `/api/v1/sub-accounts/${sub}/tags`;
  contactsUrl = `/api/v1/sub-accounts/${sub}/contacts`;
});
after(() => t.stop());

type Json = Record<string, unknown>;
type Tag = { id: string; name: string; color: string | null; contactCount: number };
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  t.call({ method, url, body, as: t.a.ownerEmail });
async function query<T = Json>(text: string, params: unknown[] = []): Promise<T[]> {
  return withSystem(async () => (await txSql().query<T>(text, params)).rows);
}
const newTag = async (name: string, color?: string): Promise<Tag> => {
  const response = await call('POST', tagsUrl, { name, ...(color ? { color } : {}) });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
};
const newContact = async (firstName: string): Promise<string> => {
  const response = await call('POST', contactsUrl, { firstName });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
};
const tagNamesOf = async (contactId: string) =>
  (await call('GET', `${contactsUrl}/${contactId}`)).json().tags.map((x: { name: string }) => x.name);
const allTags = async (): Promise<Tag[]> => (await call('GET', `${tagsUrl}?limit=200`)).json().items;
const foreignTagId = async () =>
  (
    await query<{ id: string }>('select id from tags where sub_account_id = $1 limit 1', [
      t.b.subAccountIds[0],
    ])
  )[0]!.id;
const tagEvents = (type: string, contactId: string) =>
  query<{ payload: { contactId: string; tagIds: string[] } }>(
    `select payload from outbox where event_type = $1 and payload->>'contactId' = $2 order by id`,
    [type, contactId],
  );

describe('tags', () => {
  test('create, refuse a same-name tag ignoring case, rename, list with contact counts', async () => {
    const hot = await newTag('Hot lead', '#ff0000');
    assert.equal(hot.contactCount, 0);
    const again = await call('POST', tagsUrl, { name: 'hot LEAD' });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().detail, /already exists/);
    const bad = await call('POST', tagsUrl, { name: '', color: 'red' });
    assert.equal(bad.statusCode, 400);
    const renamed = await call('PATCH', `${tagsUrl}/${hot.id}`, { name: 'Warm lead' });
    assert.equal(renamed.json().name, 'Warm lead');

    const contactId = await newContact('Counted');
    await call('POST', `${contactsUrl}/${contactId}/tags`, { tagIds: [hot.id] });
    const listed = (await allTags()).find((x) => x.id === hot.id)!;
    assert.equal(listed.contactCount, 1);
    // A deleted contact no longer counts.
    await call('DELETE', `${contactsUrl}/${contactId}`);
    assert.equal((await allTags()).find((x) => x.id === hot.id)!.contactCount, 0);
  });

  test('add by id and by name (creating missing tags), remove; one event per contact', async () => {
    const contactId = await newContact('Tagged');
    const existing = await newTag('existing');
    const added = await call('POST', `${contactsUrl}/${contactId}/tags`, {
      tagIds: [existing.id],
      names: ['Brand New', 'EXISTING'],
    });
    assert.equal(added.statusCode, 200, added.body);
    assert.deepEqual(await tagNamesOf(contactId), ['Brand New', 'existing']);
    assert.ok(
      (await allTags()).some((x) => x.name === 'Brand New'),
      'the missing tag was created',
    );
    const addedEvents = await tagEvents('contacts.tag_added', contactId);
    assert.equal(addedEvents.length, 1);
    assert.equal(addedEvents[0]!.payload.tagIds.length, 2);

    const removed = await call('DELETE', `${contactsUrl}/${contactId}/tags`, { names: ['brand new'] });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(await tagNamesOf(contactId), ['existing']);
    const removedEvents = await tagEvents('contacts.tag_removed', contactId);
    assert.equal(removedEvents.length, 1);
    assert.equal(removedEvents[0]!.payload.tagIds.length, 1);

    const empty = await call('POST', `${contactsUrl}/${contactId}/tags`, {});
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().detail, /send tagIds or names/);
  });

  test("B's tag ids are refused and nothing is written", async () => {
    const contactId = await newContact('Guarded');
    const mine = await newTag('mine');
    const foreign = await foreignTagId();
    const refused = await call('POST', `${contactsUrl}/${contactId}/tags`, { tagIds: [mine.id, foreign] });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.json().errors[0].message, /not a tag of this sub-account/);
    assert.deepEqual(await tagNamesOf(contactId), []);
    const merge = await call('POST', `${tagsUrl}/${mine.id}/merge`, { intoTagId: foreign });
    assert.equal(merge.statusCode, 400);
    assert.ok(
      (await allTags()).some((x) => x.id === mine.id),
      'the tag was not deleted',
    );
    for (const [method, path, body] of [
      ['PATCH', '', { name: 'hijacked' }],
      ['DELETE', '', undefined],
      ['POST', '/merge', { intoTagId: mine.id }],
    ] as const) {
      const response = await call(method, `${tagsUrl}/${foreign}${path}`, body);
      assert.equal(response.statusCode, 404, `${method} ${path}`);
    }
    const [row] = await query<{ name: string }>('select name from tags where id = $1', [foreign]);
    assert.equal(row!.name, 'vip');
  });

  test('merge moves every contact to the target tag and deletes the source', async () => {
    const [one, two] = [await newContact('One'), await newContact('Two')];
    const from = await newTag('customer');
    const into = await newTag('Customers');
    await call('POST', `${contactsUrl}/${one}/tags`, { tagIds: [from.id] });
    await call('POST', `${contactsUrl}/${two}/tags`, { tagIds: [from.id, into.id] });
    const merged = await call('POST', `${tagsUrl}/${from.id}/merge`, { intoTagId: into.id });
    assert.equal(merged.statusCode, 200, merged.body);
    assert.equal(merged.json().contactCount, 2);
    assert.deepEqual(await tagNamesOf(one), ['Customers']);
    assert.deepEqual(await tagNamesOf(two), ['Customers']);
    assert.ok(!(await allTags()).some((x) => x.id === from.id));
    const self = await call('POST', `${tagsUrl}/${into.id}/merge`, { intoTagId: into.id });
    assert.equal(self.statusCode, 400);
  });

  test('delete removes the tag from its contacts', async () => {
    const contactId = await newContact('Untag');
    const tag = await newTag('temporary');
    await call('POST', `${contactsUrl}/${contactId}/tags`, { tagIds: [tag.id] });
    assert.equal((await call('DELETE', `${tagsUrl}/${tag.id}`)).statusCode, 204);
    assert.deepEqual(await tagNamesOf(contactId), []);
    assert.equal((await call('DELETE', `${tagsUrl}/${tag.id}`)).statusCode, 404);
  });

  test('many contacts at once (for bulk actions): skips missing contacts, one event per contact', async () => {
    const ids = [await newContact('Bulk 1'), await newContact('Bulk 2')];
    const tag = await newTag('bulk');
    const scope = { agencyId: t.a.agencyId, userId: t.a.ownerUserId, subAccountId: sub };
    const missing = '00000000-0000-7000-8000-000000000000';
    const added = await asOwner(scope, (ctx) => addTagsToContacts(ctx, [...ids, missing], [tag.id]));
    assert.deepEqual(added, { added: 2 });
    for (const id of ids) assert.equal((await tagEvents('contacts.tag_added', id)).length, 1);
    const again = await asOwner(scope, (ctx) => addTagsToContacts(ctx, ids, [tag.id]));
    assert.deepEqual(again, { added: 0 }, 'no pair is added twice');
    const removed = await asOwner(scope, (ctx) => removeTagsFromContacts(ctx, ids, [tag.id]));
    assert.deepEqual(removed, { removed: 2 });
    for (const id of ids) assert.equal((await tagEvents('contacts.tag_removed', id)).length, 1);
    const foreign = await foreignTagId();
    await assert.rejects(
      asOwner(scope, (ctx) => addTagsToContacts(ctx, ids, [foreign])),
      /not a tag of this sub-account/,
    );
  });
});
