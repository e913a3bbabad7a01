import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';

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
