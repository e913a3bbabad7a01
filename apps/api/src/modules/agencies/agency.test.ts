import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { withSystem } from '../../platform/db/tenant.ts';
import { ensureUser } from '../identity/index.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

const list = (query = '') =>
  t.call({ url: `/api/v1/agencies/${t.a.agencyId}/sub-accounts${query}`, as: t.a.ownerEmail });

describe('sub-accounts', () => {
  test('create, then find it by a partial, case-insensitive search', async () => {
    const created = await t.call({
      method: 'POST',
      url: `/api/v1/agencies/${t.a.agencyId}/sub-accounts`,
      as: t.a.ownerEmail,
      body: {
        name: 'Harbor Plumbing',
        timezone: 'America/Chicago',
        defaultCountry: 'US',
        email: 'office@harbor.example',
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().timezone, 'America/Chicago');
    const found = (await list('?search=harb')).json().items;
    assert.deepEqual(
      found.map((s: { name: string }) => s.name),
      ['Harbor Plumbing'],
    );
    const wildcard = (await list('?search=%25')).json().items;
    assert.equal(wildcard.length, 0, 'a % in the search is a literal character, not a wildcard');
  });

  test('a website typed without https:// is completed to https', async () => {
    const created = await t.call({
      method: 'POST',
      url: `/api/v1/agencies/${t.a.agencyId}/sub-accounts`,
      as: t.a.ownerEmail,
      body: { name: 'Bare Host Bakery', website: 'bakery.example.com' },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().website, 'https://bakery.example.com');
    const changed = await t.call({
      method: 'PATCH',
      url: `/api/v1/sub-accounts/${created.json().id}`,
      as: t.a.ownerEmail,
      body: { website: 'http://bakery.example.org' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().website, 'http://bakery.example.org', 'a scheme given is kept');
  });

  test('bad input names each field and what to do', async () => {
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/agencies/${t.a.agencyId}/sub-accounts`,
      as: t.a.ownerEmail,
      body: { name: '', timezone: 'Mars/Olympus', defaultCountry: 'usa', website: 'not a url' },
    });
    assert.equal(response.statusCode, 400);
    const fields = Object.fromEntries(
      response.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    assert.match(fields.name, /required/);
    assert.match(fields.timezone, /IANA time zone, e\.g\. America\/New_York/);
    assert.match(fields.defaultCountry, /two-letter country code/);
    assert.match(fields.website, /URL/);
  });

  test('archive hides it from the active list and from its own staff; restore brings it back', async () => {
    const id = t.a.subAccountIds[0];
    const archived = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${id}/archive`,
      as: t.a.ownerEmail,
    });
    assert.equal(archived.statusCode, 200, archived.body);
    assert.equal(archived.json().status, 'archived');
    assert.ok(!(await list()).json().items.some((s: { id: string }) => s.id === id));
    assert.ok((await list('?status=archived')).json().items.some((s: { id: string }) => s.id === id));
    assert.equal((await t.call({ url: `/api/v1/sub-accounts/${id}`, as: t.a.memberEmail })).statusCode, 404);
    const twice = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${id}/archive`,
      as: t.a.ownerEmail,
    });
    assert.equal(twice.statusCode, 409);
    const restored = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${id}/restore`,
      as: t.a.ownerEmail,
    });
    assert.equal(restored.json().status, 'active');
    assert.equal((await t.call({ url: `/api/v1/sub-accounts/${id}`, as: t.a.memberEmail })).statusCode, 200);
  });

  test('sub-account staff cannot archive their own sub-account', async () => {
    const response = await t.call({
      method: 'POST',
      url: `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/archive`,
      as: t.a.memberEmail,
    });
    assert.equal(response.statusCode, 403);
  });

  test('cursor pagination walks the list without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) {
      await t.call({
        method: 'POST',
        url: `/api/v1/agencies/${t.a.agencyId}/sub-accounts`,
        as: t.a.ownerEmail,
        body: { name: `Page Test ${i}` },
      });
    }
    const all = (await list('?limit=200')).json().items.map((s: { id: string }) => s.id);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      walked.push(...page.items.map((s: { id: string }) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(walked, all);
    const bad = await list('?cursor=garbage');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /pass nextCursor unchanged/);
  });

  test('a change is recorded by the audit trigger with its actor and changed fields, no secrets', async () => {
    const id = t.a.subAccountIds[1];
    await t.call({
      method: 'PATCH',
      url: `/api/v1/sub-accounts/${id}`,
      as: t.a.ownerEmail,
      body: { name: 'A Two Renamed' },
    });
    const logs = (
      await t.call({
        url: `/api/v1/sub-accounts/${id}/audit-logs?tableName=sub_accounts`,
        as: t.a.ownerEmail,
      })
    ).json().items;
    const entry = logs[0];
    assert.equal(entry.action, 'update');
    assert.deepEqual(entry.changedFields, ['name']);
    assert.equal(entry.oldData.name, 'A Two');
    assert.equal(entry.newData.name, 'A Two Renamed');
    assert.equal(entry.actorName, 'Owner A');
    const keys = await t.call({
      url: `/api/v1/agencies/${t.a.agencyId}/audit-logs?tableName=api_keys`,
      as: t.a.ownerEmail,
    });
    const keyEntry = keys.json().items[0];
    assert.ok(keyEntry, 'API key creation is audited');
    assert.ok(!('key_hash' in keyEntry.newData), 'secret columns never reach the audit log');
  });

  test('the audit log is only for those allowed to read it', async () => {
    const response = await t.call({
      url: `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/audit-logs`,
      as: t.a.memberEmail,
    });
    assert.equal(response.statusCode, 403);
  });
});

describe('agencies, for platform administrators', () => {
  test('a platform administrator lists every agency and opens a new one, becoming its owner', async () => {
    await withSystem(() =>
      ensureUser({
        email: 'root@platform.example',
        name: 'Root',
        password: t.a.password,
        isPlatformAdmin: true,
      }),
    );
    const all = (await t.call({ url: '/api/v1/agencies', as: 'root@platform.example' })).json().items;
    assert.deepEqual(
      all.map((a: { name: string }) => a.name),
      ['Agency A', 'Agency B'],
    );
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/agencies',
      as: 'root@platform.example',
      body: { name: 'Fresh Agency' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const me = (await t.call({ url: '/api/v1/auth/me', as: 'root@platform.example' })).json();
    assert.equal(me.agencies[0].role.key, 'agency_owner');
    // A platform administrator reaches any agency, member or not.
    assert.equal(
      (await t.call({ url: `/api/v1/agencies/${t.b.agencyId}/sub-accounts`, as: 'root@platform.example' }))
        .statusCode,
      200,
    );
  });

  test('others may not list or open agencies', async () => {
    assert.equal((await t.call({ url: '/api/v1/agencies', as: t.a.ownerEmail })).statusCode, 403);
    const created = await t.call({
      method: 'POST',
      url: '/api/v1/agencies',
      as: t.a.ownerEmail,
      body: { name: 'Mine' },
    });
    assert.equal(created.statusCode, 403);
  });
});
