import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { waitFor } from '../../../test/jobs/wait-for.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

type Entry = {
  tableName: string;
  rowId: string | null;
  action: string;
  actorName: string | null;
  actorUserId: string | null;
  actorKind: 'user' | 'api_key' | 'system' | null;
  actorApiKeyId: string | null;
  actorWork: string | null;
  changedFields: string[] | null;
  oldData: Record<string, unknown> | null;
  newData: Record<string, unknown> | null;
};

const sub = () => `/api/v1/sub-accounts/${t.a.subAccountIds[0]}`;

describe('audit log', () => {
  test('a change is recorded by the database with its actor, the fields changed, before and after', async () => {
    const created = await t.call({
      method: 'POST',
      url: `${sub()}/team-members`,
      as: t.a.ownerEmail,
      body: { name: 'Audited Rep' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    await t.call({
      method: 'PATCH',
      url: `${sub()}/team-members/${id}`,
      as: t.a.ownerEmail,
      body: { title: 'Closer' },
    });
    const response = await t.call({
      url: `${sub()}/audit-logs?tableName=team_members&rowId=${id}`,
      as: t.a.ownerEmail,
    });
    assert.equal(response.statusCode, 200, response.body);
    const entries = response.json().items as Entry[];
    assert.deepEqual(
      entries.map((e) => e.action),
      ['update', 'insert'],
      'newest first',
    );
    const [update, insert] = entries;
    assert.equal(update!.actorName, 'Owner A');
    assert.ok(update!.changedFields?.includes('title'));
    assert.equal(update!.oldData?.title ?? null, null);
    assert.equal(update!.newData?.title, 'Closer');
    assert.equal(insert!.newData?.name, 'Audited Rep');
  });

  test("records who acted: a person, an API key, or the product on someone's behalf", async () => {
    const audited = async (contactId: string) => {
      const response = await t.call({
        url: `${sub()}/audit-logs?tableName=contacts&rowId=${contactId}`,
        as: t.a.ownerEmail,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as Entry[];
    };
    const byPerson = await t.call({
      method: 'POST',
      url: `${sub()}/contacts`,
      as: t.a.ownerEmail,
      body: { firstName: 'Actor', lastName: 'Person', email: 'actor.person@example.com' },
    });
    assert.equal(byPerson.statusCode, 201, byPerson.body);
    const [created] = await audited(byPerson.json().id);
    assert.equal(created!.actorKind, 'user');
    assert.equal(created!.actorName, 'Owner A');
    assert.equal(created!.actorApiKeyId, null);

    const byKey = await t.call({
      method: 'POST',
      url: `${sub()}/contacts`,
      as: { apiKey: t.a.apiKey.secret },
      body: { firstName: 'Actor', lastName: 'Key', email: 'actor.key@example.com' },
    });
    assert.equal(byKey.statusCode, 201, byKey.body);
    const [keyed] = await audited(byKey.json().id);
    assert.equal(keyed!.actorKind, 'api_key');
    assert.equal(keyed!.actorApiKeyId, t.a.apiKey.id);
    assert.equal(keyed!.actorUserId, null);

    // A bulk action runs as a job: the product changes the contact, for the owner who asked.
    const bulk = await t.call({
      method: 'POST',
      url: `${sub()}/contacts/bulk`,
      as: t.a.ownerEmail,
      body: {
        action: 'set_status',
        selection: { contactIds: [byKey.json().id] },
        params: { status: 'lost' },
      },
    });
    assert.equal(bulk.statusCode, 202, bulk.body);
    const [changed] = await waitFor('the bulk action audited', async () => {
      const entries = await audited(byKey.json().id);
      return entries.length === 2 ? entries : undefined;
    });
    assert.equal(changed!.action, 'update');
    assert.equal(changed!.actorKind, 'system');
    assert.equal(changed!.actorWork, 'contacts.bulk');
    assert.equal(changed!.actorName, 'Owner A', 'the person the work was done for');
  });

  test('secrets never reach the log', async () => {
    const response = await t.call({ url: `${sub()}/audit-logs?tableName=api_keys`, as: t.a.ownerEmail });
    assert.equal(response.statusCode, 200, response.body);
    const entries = response.json().items as Entry[];
    assert.ok(entries.length > 0, 'the fixture key was audited');
    for (const entry of entries) {
      const columns = Object.keys({ ...entry.newData, ...entry.oldData });
      assert.ok(!columns.some((c) => /hash|secret|encrypted|password/.test(c)), columns.join(', '));
    }
  });

  test('needs audit_logs:read; another tenant sees none of it', async () => {
    const member = await t.call({ url: `${sub()}/audit-logs`, as: t.a.memberEmail });
    assert.equal(member.statusCode, 403);
    assert.match(member.json().detail, /audit_logs:read/);
    const other = await t.call({ url: `${sub()}/audit-logs`, as: t.b.ownerEmail });
    assert.equal(other.statusCode, 404);
  });

  test('pages newest first by cursor', async () => {
    const first = await t.call({ url: `${sub()}/audit-logs?limit=2`, as: t.a.ownerEmail });
    const page = first.json() as { items: { id: string }[]; nextCursor: string | null };
    assert.equal(page.items.length, 2);
    assert.ok(page.nextCursor);
    const next = await t.call({
      url: `${sub()}/audit-logs?limit=2&cursor=${page.nextCursor}`,
      as: t.a.ownerEmail,
    });
    const ids = (next.json().items as { id: string }[]).map((e) => e.id);
    assert.ok(
      ids.every((id) => id < page.items[1]!.id),
      'older than the first page',
    );
  });
});
