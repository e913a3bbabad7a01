import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

const sub = (id: string) => `/api/v1/sub-accounts/${id}`;

async function roleId(base: string, key: string): Promise<string> {
  const roles = (await t.call({ url: `${base}/roles`, as: t.a.ownerEmail })).json().items as {
    key: string;
    id: string;
  }[];
  return roles.find((r) => r.key === key)!.id;
}

describe('API keys', () => {
  test('the secret is shown once, stored hashed, and authenticates as the key', async () => {
    const base = sub(t.a.subAccountIds[0]);
    const created = await t.call({
      method: 'POST',
      url: `${base}/api-keys`,
      as: t.a.ownerEmail,
      body: { name: 'Zapier', roleId: await roleId(base, 'administrator') },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { apiKey, secret } = created.json();
    assert.match(secret, /^olk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.ok(secret.startsWith(apiKey.prefix));

    const listed = await t.call({ url: `${base}/api-keys`, as: t.a.ownerEmail });
    assert.ok(!listed.body.includes(secret.slice(17)), 'the list never shows the secret');
    assert.equal(listed.json().items.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt, null);

    const used = await t.call({ url: `${base}/team-members`, as: { apiKey: secret } });
    assert.equal(used.statusCode, 200, used.body);
    const after = (await t.call({ url: `${base}/api-keys`, as: t.a.ownerEmail })).json().items;
    assert.ok(after.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt, 'last used time is recorded');
  });

  test('a sub-account key reaches only its sub-account', async () => {
    const other = await t.call({
      url: `${sub(t.a.subAccountIds[1])}/team-members`,
      as: { apiKey: t.a.subAccountApiKey.secret },
    });
    assert.equal(other.statusCode, 404);
    const agencyLevel = await t.call({
      url: `/api/v1/agencies/${t.a.agencyId}/sub-accounts`,
      as: { apiKey: t.a.subAccountApiKey.secret },
    });
    assert.equal(agencyLevel.statusCode, 404);
  });

  test('an agency key reaches the agency and its sub-accounts, within its role', async () => {
    const list = await t.call({
      url: `/api/v1/agencies/${t.a.agencyId}/sub-accounts`,
      as: { apiKey: t.a.apiKey.secret },
    });
    assert.equal(list.statusCode, 200, list.body);
    const inside = await t.call({
      url: `${sub(t.a.subAccountIds[1])}/team-members`,
      as: { apiKey: t.a.apiKey.secret },
    });
    assert.equal(inside.statusCode, 200);
  });

  test('a key is limited by its role', async () => {
    const base = sub(t.a.subAccountIds[0]);
    const { secret } = (
      await t.call({
        method: 'POST',
        url: `${base}/api-keys`,
        as: t.a.ownerEmail,
        body: { name: 'read only', roleId: await roleId(base, 'viewer') },
      })
    ).json();
    assert.equal((await t.call({ url: `${base}/team-members`, as: { apiKey: secret } })).statusCode, 200);
    const write = await t.call({
      method: 'POST',
      url: `${base}/team-members`,
      as: { apiKey: secret },
      body: { name: 'Nope' },
    });
    assert.equal(write.statusCode, 403);
    assert.match(write.json().detail, /team_members:create/);
  });

  test('a revoked, tampered or unknown key is a 401', async () => {
    const base = sub(t.a.subAccountIds[0]);
    const { apiKey, secret } = (
      await t.call({
        method: 'POST',
        url: `${base}/api-keys`,
        as: t.a.ownerEmail,
        body: { name: 'short lived', roleId: await roleId(base, 'viewer') },
      })
    ).json();
    const tampered = `${secret.slice(0, -2)}xx`;
    assert.equal((await t.call({ url: `${base}/team-members`, as: { apiKey: tampered } })).statusCode, 401);
    const revoked = await t.call({
      method: 'POST',
      url: `${base}/api-keys/${apiKey.id}/revoke`,
      as: t.a.ownerEmail,
    });
    assert.ok(revoked.json().revokedAt);
    assert.equal((await t.call({ url: `${base}/team-members`, as: { apiKey: secret } })).statusCode, 401);
    assert.equal(
      (await t.call({ url: `${base}/team-members`, as: { apiKey: 'olk_000000000000_nope' } })).statusCode,
      401,
    );
  });

  test('a key cannot be given a role beyond its creator', async () => {
    const base = sub(t.a.subAccountIds[0]);
    const created = await t.call({
      method: 'POST',
      url: `${base}/api-keys`,
      as: { apiKey: t.a.subAccountApiKey.secret },
      body: { name: 'escalate', roleId: await roleId(base, 'owner') },
    });
    assert.equal(created.statusCode, 403, created.body);
  });

  test('a key holding more than its would-be revoker stays: one revokes only what one could give', async () => {
    const base = sub(t.a.subAccountIds[0]);
    const ownerKey = (
      await t.call({
        method: 'POST',
        url: `${base}/api-keys`,
        as: t.a.ownerEmail,
        body: { name: 'owner integration', roleId: await roleId(base, 'owner') },
      })
    ).json();
    // The fixture's sub-account key is an Administrator: no payments:approve.
    const refused = await t.call({
      method: 'POST',
      url: `${base}/api-keys/${ownerKey.apiKey.id}/revoke`,
      as: { apiKey: t.a.subAccountApiKey.secret },
    });
    assert.equal(refused.statusCode, 403, refused.body);
    assert.match(refused.json().detail, /owner integration.*payments:approve/);
    assert.equal(
      (await t.call({ url: `${base}/team-members`, as: { apiKey: ownerKey.secret } })).statusCode,
      200,
    );
    const byOwner = await t.call({
      method: 'POST',
      url: `${base}/api-keys/${ownerKey.apiKey.id}/revoke`,
      as: t.a.ownerEmail,
    });
    assert.equal(byOwner.statusCode, 200);
  });
});
