import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { txSql, withSystem } from '../../platform/db/tenant.ts';
import { moveToContact } from './index.ts';
import { asOwner } from '../../seed.ts';

let t: TestApp;
let sub: string;
let contactId: string;
before(async () => {
  t = await startTestApp();
  sub = t.a.subAccountIds[0];
  contactId = await newContact();
});
after(() => t.stop());

async function newContact(): Promise<string> {
  const response = await t.call({
    method: 'POST',
    url: `/api/v1/sub-accounts/${sub}/contacts`,
    as: t.a.ownerEmail,
    body: { firstName: 'Noted', lastName: `Person ${Math.random()}` },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}

const notesUrl = (contact = contactId, subAccountId = sub) =>
  `/api/v1/sub-accounts/${subAccountId}/contacts/${contact}/notes`;

async function addNote(body: Record<string, unknown>, contact = contactId) {
  const response = await t.call({ method: 'POST', url: notesUrl(contact), as: t.a.ownerEmail, body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as {
    id: string;
    pinned: boolean;
    authorUserId: string;
    authorName: string;
    body: string;
  };
}

async function firstRowOfB(
  table: 'notes' | 'contacts',
): Promise<{ id: string; contact_id?: string; body?: string }> {
  return withSystem(async () => {
    const { rows } = await txSql().query<{ id: string; contact_id?: string; body?: string }>(
      `select * from ${table} where sub_account_id = $1 order by id limit 1`,
      [t.b.subAccountIds[0]],
    );
    return rows[0]!;
  });
}

describe('notes', () => {
  test('create records the author and notes.created; list is pinned first, then newest first', async () => {
    const first = await addNote({ body: '# Call\nWent **well**' });
    assert.equal(first.authorUserId, t.a.ownerUserId);
    assert.equal(first.authorName, 'Owner A');
    const pinned = await addNote({ body: 'Pinned: prefers email', pinned: true });
    const third = await addNote({ body: 'Latest' });
    const items = (await t.call({ url: notesUrl(), as: t.a.ownerEmail })).json().items as { id: string }[];
    assert.deepEqual(
      items.map((n) => n.id),
      [pinned.id, third.id, first.id],
    );
    const events = await withSystem(async () => {
      const { rows } = await txSql().query<{ payload: { noteId: string } }>(
        `select payload from outbox where event_type = 'notes.created' and payload->>'noteId' = $1`,
        [first.id],
      );
      return rows;
    });
    assert.equal(events.length, 1);
  });

  test('pages follow the same order', async () => {
    const contact = await newContact();
    const made = [];
    for (const [i, pinned] of [false, true, false, true, false].entries())
      made.push(await addNote({ body: `n${i}`, pinned }, contact));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = (await t.call({ url: `${notesUrl(contact)}${query}`, as: t.a.ownerEmail })).json();
      seen.push(...page.items.map((n: { body: string }) => n.body));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['n3', 'n1', 'n4', 'n2', 'n0']);
  });

  test('update body and pinned; delete hides it', async () => {
    const note = await addNote({ body: 'draft' });
    const updated = await t.call({
      method: 'PATCH',
      url: `${notesUrl()}/${note.id}`,
      as: t.a.ownerEmail,
      body: { body: 'final', pinned: true },
    });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().body, 'final');
    assert.equal(updated.json().pinned, true);
    const deleted = await t.call({ method: 'DELETE', url: `${notesUrl()}/${note.id}`, as: t.a.ownerEmail });
    assert.equal(deleted.statusCode, 204);
    assert.equal((await t.call({ url: `${notesUrl()}/${note.id}`, as: t.a.ownerEmail })).statusCode, 404);
    const items = (await t.call({ url: notesUrl(), as: t.a.ownerEmail })).json().items as { id: string }[];
    assert.ok(!items.some((n) => n.id === note.id));
  });

  test('bad bodies are refused with a reason', async () => {
    const empty = await t.call({ method: 'POST', url: notesUrl(), as: t.a.ownerEmail, body: { body: '  ' } });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.json().errors[0].message, /required/);
    const huge = await t.call({
      method: 'POST',
      url: notesUrl(),
      as: t.a.ownerEmail,
      body: { body: 'x'.repeat(50_001) },
    });
    assert.equal(huge.statusCode, 400);
    assert.match(huge.json().errors[0].message, /at most 50000 characters/);
  });

  test('moveToContact moves every note to the survivor', async () => {
    const from = await newContact();
    const to = await newContact();
    await addNote({ body: 'one' }, from);
    await addNote({ body: 'two' }, from);
    const moved = await asOwner(
      { agencyId: t.a.agencyId, userId: t.a.ownerUserId, subAccountId: sub },
      (ctx) => moveToContact(ctx, from, to),
    );
    assert.equal(moved, 2);
    const items = (await t.call({ url: notesUrl(to), as: t.a.ownerEmail })).json().items as {
      body: string;
    }[];
    assert.deepEqual(items.map((n) => n.body).sort(), ['one', 'two']);
  });
});

describe('isolation', () => {
  test("B's contact or note ids in A's requests answer 404 and change nothing", async () => {
    const bNote = await firstRowOfB('notes');
    const bContact = bNote.contact_id!;
    assert.equal((await t.call({ url: notesUrl(bContact), as: t.a.ownerEmail })).statusCode, 404);
    const write = await t.call({
      method: 'POST',
      url: notesUrl(bContact),
      as: t.a.ownerEmail,
      body: { body: 'hi' },
    });
    assert.equal(write.statusCode, 404);
    assert.equal(
      (await t.call({ url: `${notesUrl(bContact)}/${bNote.id}`, as: t.a.ownerEmail })).statusCode,
      404,
    );
    assert.equal((await t.call({ url: `${notesUrl()}/${bNote.id}`, as: t.a.ownerEmail })).statusCode, 404);
    const patch = await t.call({
      method: 'PATCH',
      url: `${notesUrl(bContact)}/${bNote.id}`,
      as: t.a.ownerEmail,
      body: { body: 'mine now' },
    });
    assert.equal(patch.statusCode, 404);
    const del = await t.call({
      method: 'DELETE',
      url: `${notesUrl(bContact)}/${bNote.id}`,
      as: t.a.ownerEmail,
    });
    assert.equal(del.statusCode, 404);
    assert.equal(
      (await t.call({ url: notesUrl(contactId, t.b.subAccountIds[0]), as: t.a.ownerEmail })).statusCode,
      404,
    );
    const still = await withSystem(async () => {
      const { rows } = await txSql().query<{ body: string; deleted_at: Date | null }>(
        'select body, deleted_at from notes where id = $1',
        [bNote.id],
      );
      return rows[0]!;
    });
    assert.equal(still.body, bNote.body);
    assert.equal(still.deleted_at, null);
  });
});
