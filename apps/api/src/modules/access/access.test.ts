import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { linkToken, waitForEmail } from '../../../test/dev-outbox-wait.ts';
import { boundDatabase } from '../../platform/db/tenant.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

const agency = (id: string) => `/api/v1/agencies/${id}`;
const sub = (id: string) => `/api/v1/sub-accounts/${id}`;

describe('who reaches what', () => {
  test('agency staff reach every sub-account of their agency', async () => {
    for (const id of t.a.subAccountIds) {
      const response = await t.call({ url: sub(id), as: t.a.ownerEmail });
      assert.equal(response.statusCode, 200, response.body);
    }
  });

  test('a sub-account user sees their own sub-account only; the other is 404, the agency too', async () => {
    const me = (await t.call({ url: '/api/v1/auth/me', as: t.a.memberEmail })).json();
    assert.deepEqual(
      me.subAccounts.map((s: { id: string }) => s.id),
      [t.a.subAccountIds[0]],
    );
    assert.equal(me.agencies.length, 0);
    assert.equal((await t.call({ url: sub(t.a.subAccountIds[0]), as: t.a.memberEmail })).statusCode, 200);
    assert.equal((await t.call({ url: sub(t.a.subAccountIds[1]), as: t.a.memberEmail })).statusCode, 404);
    assert.equal(
      (await t.call({ url: `${agency(t.a.agencyId)}/sub-accounts`, as: t.a.memberEmail })).statusCode,
      404,
    );
  });

  test('a limited role gets 403 naming the missing permission', async () => {
    const response = await t.call({
      method: 'POST',
      url: `${sub(t.a.subAccountIds[0])}/roles`,
      as: t.a.memberEmail,
      body: { name: 'Mine', scope: 'sub_account', permissions: [] },
    });
    assert.equal(response.statusCode, 403);
    assert.match(response.json().detail, /roles:create/);
  });
});

describe('roles and permissions', () => {
  test('the catalogue lists every resource with the five actions', async () => {
    const catalogue = (await t.call({ url: '/api/v1/permissions', as: t.a.ownerEmail })).json();
    assert.deepEqual(catalogue.actions, ['create', 'read', 'update', 'delete', 'approve']);
    assert.ok(catalogue.resources.some((r: { resource: string }) => r.resource === 'contacts'));
  });

  test('every role the seeds name exists as a built-in role', async () => {
    const roles = (await t.call({ url: `${agency(t.a.agencyId)}/roles`, as: t.a.ownerEmail })).json().items;
    const keys = roles
      .filter((r: { isBuiltin: boolean }) => r.isBuiltin)
      .map((r: { key: string }) => r.key)
      .sort();
    assert.deepEqual(keys, [
      'administrator',
      'agency_admin',
      'agency_owner',
      'agency_support',
      'bot_trainer',
      'member',
      'owner',
      'sales',
      'viewer',
    ]);
    const support = roles.find((r: { key: string }) => r.key === 'agency_support');
    assert.ok(!support.permissions.some((p: string) => p.startsWith('billing:')), 'support has no billing');
  });

  test('a custom role: create with a permission matrix, give it, edit it, refuse deleting it while in use', async () => {
    const base = sub(t.a.subAccountIds[0]);
    const created = await t.call({
      method: 'POST',
      url: `${base}/roles`,
      as: t.a.ownerEmail,
      body: { name: 'Front desk', scope: 'sub_account', permissions: ['contacts:read', 'calendars:create'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const role = created.json();
    assert.deepEqual(role.permissions, ['calendars:create', 'contacts:read']);

    const members = (await t.call({ url: `${base}/users`, as: t.a.ownerEmail })).json().items;
    const member = members.find((m: { email: string }) => m.email === t.a.memberEmail);
    const given = await t.call({
      method: 'PATCH',
      url: `${base}/users/${member.id}`,
      as: t.a.ownerEmail,
      body: { roleId: role.id },
    });
    assert.equal(given.statusCode, 200, given.body);
    assert.equal(given.json().role.name, 'Front desk');

    const edited = await t.call({
      method: 'PATCH',
      url: `${base}/roles/${role.id}`,
      as: t.a.ownerEmail,
      body: { permissions: ['contacts:read', 'contacts:update'] },
    });
    assert.deepEqual(edited.json().permissions, ['contacts:read', 'contacts:update']);
    const me = (await t.call({ url: '/api/v1/auth/me', as: t.a.memberEmail })).json();
    assert.deepEqual(me.subAccounts[0].permissions.sort(), ['contacts:read', 'contacts:update']);

    const refused = await t.call({ method: 'DELETE', url: `${base}/roles/${role.id}`, as: t.a.ownerEmail });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().detail, /still given/);
  });

  test('built-in roles cannot be edited; agency permissions cannot go into a sub-account role', async () => {
    const roles = (await t.call({ url: `${agency(t.a.agencyId)}/roles`, as: t.a.ownerEmail })).json().items;
    const viewer = roles.find((r: { key: string }) => r.key === 'viewer');
    const edit = await t.call({
      method: 'PATCH',
      url: `${agency(t.a.agencyId)}/roles/${viewer.id}`,
      as: t.a.ownerEmail,
      body: { name: 'x' },
    });
    assert.equal(edit.statusCode, 409);
    const bad = await t.call({
      method: 'POST',
      url: `${agency(t.a.agencyId)}/roles`,
      as: t.a.ownerEmail,
      body: { name: 'Bad', scope: 'sub_account', permissions: ['billing:read'] },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /cannot hold agency permissions: billing:read/);
    const unknown = await t.call({
      method: 'POST',
      url: `${agency(t.a.agencyId)}/roles`,
      as: t.a.ownerEmail,
      body: { name: 'Bad', scope: 'agency', permissions: ['rockets:launch'] },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().errors[0].field, 'permissions.0');
  });

  test('nobody grants more than they hold', async () => {
    // B's sub-account user is 'sales'; give them users:update so they may edit people, then try escalating.
    const base = sub(t.b.subAccountIds[0]);
    const members = (await t.call({ url: `${base}/users`, as: t.b.ownerEmail })).json().items;
    const member = members.find((m: { email: string }) => m.email === t.b.memberEmail);
    await t.call({
      method: 'PATCH',
      url: `${base}/users/${member.id}`,
      as: t.b.ownerEmail,
      body: { grantedPermissions: ['users:read', 'users:update'] },
    });
    const escalate = await t.call({
      method: 'PATCH',
      url: `${base}/users/${member.id}`,
      as: t.b.memberEmail,
      body: { grantedPermissions: ['users:read', 'users:update', 'api_keys:create'] },
    });
    assert.equal(escalate.statusCode, 403);
    assert.match(escalate.json().detail, /api_keys:create/);
  });

  test('the last agency owner cannot be removed or demoted', async () => {
    const members = (await t.call({ url: `${agency(t.b.agencyId)}/users`, as: t.b.ownerEmail })).json().items;
    const owner = members.find((m: { email: string }) => m.email === t.b.ownerEmail);
    const removed = await t.call({
      method: 'DELETE',
      url: `${agency(t.b.agencyId)}/users/${owner.id}`,
      as: t.b.ownerEmail,
    });
    assert.equal(removed.statusCode, 409);
    assert.match(removed.json().detail, /at least one active owner/);
  });
});

describe('invitations', () => {
  test('invite by email: the link arrives in the Dev Outbox, accepting creates the user and the membership', async () => {
    const base = sub(t.a.subAccountIds[1]);
    const roles = (await t.call({ url: `${base}/roles`, as: t.a.ownerEmail })).json().items;
    const viewer = roles.find((r: { key: string }) => r.key === 'viewer');
    const email = 'new.person@invited.example';
    const invited = await t.call({
      method: 'POST',
      url: `${base}/invitations`,
      as: t.a.ownerEmail,
      body: { email, roleId: viewer.id },
    });
    assert.equal(invited.statusCode, 201, invited.body);
    assert.equal(invited.json().status, 'pending');

    const mail = await waitForEmail(t, email, t.a.ownerEmail);
    assert.match(mail.subject ?? '', /invited to join A Two/);
    const token = linkToken(mail.textBody, '/invite');

    const preview = (await t.call({ url: `/api/v1/invitations/${token}` })).json();
    assert.equal(preview.subAccountName, 'A Two');
    assert.equal(preview.roleName, 'Viewer');
    assert.equal(preview.userExists, false);

    const missing = await t.call({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { name: 'New Person' },
    });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().errors[0].field, 'password');

    const accepted = await t.call({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { name: 'New Person', password: 'a good passphrase' },
    });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const cookie = accepted.cookies.find((c) => c.name === 'ol_session')!;
    const me = (
      await t.runtime.app.inject({
        url: '/api/v1/auth/me',
        headers: { cookie: `ol_session=${cookie.value}` },
      })
    ).json();
    assert.deepEqual(
      me.subAccounts.map((s: { id: string; role: { key: string } }) => [s.id, s.role.key]),
      [[t.a.subAccountIds[1], 'viewer']],
    );
    const again = await t.call({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, body: {} });
    assert.equal(again.statusCode, 409);
    const listed = (await t.call({ url: `${base}/invitations`, as: t.a.ownerEmail })).json().items;
    assert.equal(listed.find((i: { email: string }) => i.email === email).status, 'accepted');
  });

  test('a revoked invitation cannot be accepted', async () => {
    const base = agency(t.a.agencyId);
    const roles = (await t.call({ url: `${base}/roles`, as: t.a.ownerEmail })).json().items;
    const support = roles.find((r: { key: string }) => r.key === 'agency_support');
    const email = 'revoked@invited.example';
    const invitation = (
      await t.call({
        method: 'POST',
        url: `${base}/invitations`,
        as: t.a.ownerEmail,
        body: { email, roleId: support.id },
      })
    ).json();
    const token = linkToken((await waitForEmail(t, email, t.a.ownerEmail)).textBody, '/invite');
    const revoked = await t.call({
      method: 'POST',
      url: `${base}/invitations/${invitation.id}/revoke`,
      as: t.a.ownerEmail,
    });
    assert.equal(revoked.json().status, 'revoked');
    const accept = await t.call({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { name: 'X', password: 'whatever123' },
    });
    assert.equal(accept.statusCode, 409);
    assert.match(accept.json().detail, /revoked/);
  });

  test('an expired invitation shows as expired and cannot be accepted', async () => {
    const base = agency(t.a.agencyId);
    const roles = (await t.call({ url: `${base}/roles`, as: t.a.ownerEmail })).json().items;
    const support = roles.find((r: { key: string }) => r.key === 'agency_support');
    const email = 'late@invited.example';
    const invitation = (
      await t.call({
        method: 'POST',
        url: `${base}/invitations`,
        as: t.a.ownerEmail,
        body: { email, roleId: support.id },
      })
    ).json();
    const token = linkToken((await waitForEmail(t, email, t.a.ownerEmail)).textBody, '/invite');
    await boundDatabase().raw.query(
      `update invitations set expires_at = now() - interval '1 minute' where id = $1`,
      [invitation.id],
    );
    const listed = (await t.call({ url: `${base}/invitations`, as: t.a.ownerEmail })).json().items;
    assert.equal(listed.find((i: { id: string }) => i.id === invitation.id).status, 'expired');
    const accept = await t.call({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { name: 'Late', password: 'whatever123' },
    });
    assert.equal(accept.statusCode, 409);
    assert.match(accept.json().detail, /expired/);
  });

  test('an existing user accepting must prove the account with its password', async () => {
    const base = sub(t.a.subAccountIds[1]);
    const roles = (await t.call({ url: `${base}/roles`, as: t.a.ownerEmail })).json().items;
    const sales = roles.find((r: { key: string }) => r.key === 'sales');
    await t.call({
      method: 'POST',
      url: `${base}/invitations`,
      as: t.a.ownerEmail,
      body: { email: t.b.ownerEmail, roleId: sales.id },
    });
    const token = linkToken((await waitForEmail(t, t.b.ownerEmail, t.a.ownerEmail)).textBody, '/invite');
    const noPassword = await t.call({ method: 'POST', url: `/api/v1/invitations/${token}/accept`, body: {} });
    assert.equal(noPassword.statusCode, 400);
    const ok = await t.call({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      body: { password: t.b.password },
    });
    assert.equal(ok.statusCode, 200, ok.body);
  });
});
