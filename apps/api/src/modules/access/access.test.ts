import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../../test/app-harness.ts';
import { linkToken, waitForEmail } from '../../../test/dev-outbox-wait.ts';
import { inTenant } from '../../platform/access/access.ts';
import { boundDatabase, txSql, withSystem } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { ensureUser } from '../identity/index.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.stop());

const agency = (id: string) => `/api/v1/agencies/${id}`;
const sub = (id: string) => `/api/v1/sub-accounts/${id}`;
/** A's owner invites `email` with a role, at the agency or sub-account `base`. */
const invite = (base: string, email: string, roleId: string) =>
  t.call({ method: 'POST', url: `${base}/invitations`, as: t.a.ownerEmail, body: { email, roleId } });

/** A new person with a built-in role in A's agency (no subAccountId) or in one of its sub-accounts. */
async function person(
  roleKey: string,
  where: { subAccountId?: string } = {},
  options: { revoked?: string[] } = {},
): Promise<{ email: string; membershipId: string }> {
  const email = `${roleKey}-${newId().slice(-8)}@tenant-a.example`;
  const membershipId = newId();
  await withSystem(async () => {
    const { user } = await ensureUser({ email, name: `${roleKey} person`, password: t.a.password });
    const sql = txSql();
    const role = await sql.query<{ id: string }>('select id from roles where agency_id = $1 and key = $2', [
      t.a.agencyId,
      roleKey,
    ]);
    if (where.subAccountId) {
      await sql.query(
        `insert into sub_account_memberships (sub_account_id, id, agency_id, user_id, role_id, revoked_permissions)
         values ($1, $2, $3, $4, $5, $6)`,
        [where.subAccountId, membershipId, t.a.agencyId, user.id, role.rows[0]!.id, options.revoked ?? []],
      );
    } else {
      await sql.query(
        'insert into agency_memberships (agency_id, id, user_id, role_id) values ($1, $2, $3, $4)',
        [t.a.agencyId, membershipId, user.id, role.rows[0]!.id],
      );
    }
  });
  return { email, membershipId };
}

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
    // A sales user given users:update may edit people, but not hand out what they lack.
    const subAccountId = t.a.subAccountIds[0];
    const editor = await person('sales', { subAccountId });
    const colleague = await person('sales', { subAccountId });
    await t.call({
      method: 'PATCH',
      url: `${sub(subAccountId)}/users/${editor.membershipId}`,
      as: t.a.ownerEmail,
      body: { grantedPermissions: ['users:read', 'users:update'] },
    });
    const escalate = await t.call({
      method: 'PATCH',
      url: `${sub(subAccountId)}/users/${colleague.membershipId}`,
      as: editor.email,
      body: { grantedPermissions: ['users:read', 'api_keys:create'] },
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
    const invited = await invite(base, email, viewer.id);
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
    const invitation = (await invite(base, email, support.id)).json();
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
    const invitation = (await invite(base, email, support.id)).json();
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
    await invite(base, t.b.ownerEmail, sales.id);
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

  test('an API key is no proof of the invitee: an existing account still needs its password', async () => {
    const base = sub(t.a.subAccountIds[1]);
    const roles = (await t.call({ url: `${base}/roles`, as: t.a.ownerEmail })).json().items;
    const viewer = roles.find((r: { key: string }) => r.key === 'viewer');
    const existing = `existing-${newId().slice(-8)}@elsewhere.example`;
    await withSystem(() => ensureUser({ email: existing, name: 'Existing', password: t.a.password }));
    const fresh = `fresh-${newId().slice(-8)}@elsewhere.example`;
    for (const email of [existing, fresh]) {
      const invited = await invite(base, email, viewer.id);
      assert.equal(invited.statusCode, 201, invited.body);
    }
    const withKey = async (email: string, body: Record<string, unknown>) => {
      const token = linkToken((await waitForEmail(t, email, t.a.ownerEmail)).textBody, '/invite');
      return t.call({
        method: 'POST',
        url: `/api/v1/invitations/${token}/accept`,
        as: { apiKey: t.b.apiKey.secret },
        body,
      });
    };
    const takeover = await withKey(existing, {});
    assert.equal(takeover.statusCode, 400, takeover.body);
    assert.equal(takeover.json().errors[0].field, 'password');
    assert.ok(!takeover.cookies.some((c) => c.name === 'ol_session'), 'no session for the account');
    const noPassword = await withKey(fresh, { name: 'Fresh' });
    assert.equal(noPassword.statusCode, 400, 'a new account always gets a password');
    assert.equal(noPassword.json().errors[0].field, 'password');
    const created = await withKey(fresh, { name: 'Fresh', password: 'a fresh passphrase' });
    assert.equal(created.statusCode, 200, created.body);
  });
});

describe('nobody changes themselves or anyone stronger', () => {
  test('a member cannot lift a revocation placed on themselves, nor change their own role or status', async () => {
    const subAccountId = t.a.subAccountIds[0];
    const admin = await person('administrator', { subAccountId }, { revoked: ['contacts:delete'] });
    for (const body of [{ revokedPermissions: [] }, { status: 'suspended' }, { grantedPermissions: [] }]) {
      const response = await t.call({
        method: 'PATCH',
        url: `${sub(subAccountId)}/users/${admin.membershipId}`,
        as: admin.email,
        body,
      });
      assert.equal(response.statusCode, 403, JSON.stringify(body));
      assert.match(response.json().detail, /your own/);
    }
    const me = (await t.call({ url: '/api/v1/auth/me', as: admin.email })).json();
    assert.ok(!me.subAccounts[0].permissions.includes('contacts:delete'), 'still revoked');
  });

  test('lifting a revocation counts as granting', async () => {
    const subAccountId = t.a.subAccountIds[0];
    const admin = await person('administrator', { subAccountId });
    const curbedOwner = await person(
      'owner',
      { subAccountId },
      { revoked: ['payments:approve', 'commissions:approve'] },
    );
    const lift = await t.call({
      method: 'PATCH',
      url: `${sub(subAccountId)}/users/${curbedOwner.membershipId}`,
      as: admin.email,
      body: { revokedPermissions: ['commissions:approve'] },
    });
    assert.equal(lift.statusCode, 403, lift.body);
    assert.match(lift.json().detail, /payments:approve/);
    const tighten = await t.call({
      method: 'PATCH',
      url: `${sub(subAccountId)}/users/${curbedOwner.membershipId}`,
      as: admin.email,
      body: { revokedPermissions: ['payments:approve', 'commissions:approve', 'contacts:delete'] },
    });
    assert.equal(tighten.statusCode, 200, 'adding a revocation is within their own permissions');
  });

  test('a sub-account administrator cannot demote, suspend or remove an owner; a sales user, yes', async () => {
    const subAccountId = t.a.subAccountIds[0];
    const admin = await person('administrator', { subAccountId });
    const owner = await person('owner', { subAccountId });
    const sales = await person('sales', { subAccountId });
    const roles = (await t.call({ url: `${sub(subAccountId)}/roles`, as: t.a.ownerEmail })).json().items;
    const viewerRole = roles.find((r: { key: string }) => r.key === 'viewer');
    const url = (m: { membershipId: string }) => `${sub(subAccountId)}/users/${m.membershipId}`;
    for (const body of [{ roleId: viewerRole.id }, { status: 'suspended' }]) {
      const refused = await t.call({ method: 'PATCH', url: url(owner), as: admin.email, body });
      assert.equal(refused.statusCode, 403, JSON.stringify(body));
      assert.match(refused.json().detail, /payments:approve/);
    }
    const removal = await t.call({ method: 'DELETE', url: url(owner), as: admin.email });
    assert.equal(removal.statusCode, 403);
    const demoted = await t.call({
      method: 'PATCH',
      url: url(sales),
      as: admin.email,
      body: { roleId: viewerRole.id },
    });
    assert.equal(demoted.statusCode, 200, demoted.body);
    assert.equal((await t.call({ method: 'DELETE', url: url(sales), as: admin.email })).statusCode, 204);
  });

  test('an agency admin cannot demote, suspend or remove an agency owner', async () => {
    const admin = await person('agency_admin');
    const secondOwner = await person('agency_owner');
    const roles = (await t.call({ url: `${agency(t.a.agencyId)}/roles`, as: t.a.ownerEmail })).json().items;
    const support = roles.find((r: { key: string }) => r.key === 'agency_support');
    const url = `${agency(t.a.agencyId)}/users/${secondOwner.membershipId}`;
    for (const body of [{ roleId: support.id }, { status: 'suspended' }]) {
      const refused = await t.call({ method: 'PATCH', url, as: admin.email, body });
      assert.equal(refused.statusCode, 403, JSON.stringify(body));
      assert.match(refused.json().detail, /billing:/);
    }
    assert.equal((await t.call({ method: 'DELETE', url, as: admin.email })).statusCode, 403);
    const byOwner = await t.call({ method: 'DELETE', url, as: t.a.ownerEmail });
    assert.equal(byOwner.statusCode, 204, 'an owner may, there being another owner');
  });
});

describe('/auth/me reports what request scoping computes', () => {
  type MeBody = {
    user: { id: string; email: string; name: string; isPlatformAdmin: boolean };
    permissionsEverywhere: string[];
    agencies: { id: string; permissions: string[]; subAccountPermissions: string[] }[];
    subAccounts: { id: string; permissions: string[] }[];
  };

  /** A new person who is agency staff, a member of a sub-account, or both. */
  async function newPerson(roles: {
    agencyRole?: string;
    member?: { subAccountId: string; role: string; granted?: string[]; revoked?: string[] };
  }): Promise<string> {
    const email = `mixed-${newId().slice(-8)}@tenant-a.example`;
    await withSystem(async () => {
      const { user } = await ensureUser({ email, name: 'Mixed person', password: t.a.password });
      const sql = txSql();
      const roleId = async (key: string) =>
        (
          await sql.query<{ id: string }>('select id from roles where agency_id = $1 and key = $2', [
            t.a.agencyId,
            key,
          ])
        ).rows[0]!.id;
      if (roles.agencyRole) {
        await sql.query(
          'insert into agency_memberships (agency_id, id, user_id, role_id) values ($1, $2, $3, $4)',
          [t.a.agencyId, newId(), user.id, await roleId(roles.agencyRole)],
        );
      }
      const member = roles.member;
      if (member) {
        await sql.query(
          `insert into sub_account_memberships
             (sub_account_id, id, agency_id, user_id, role_id, granted_permissions, revoked_permissions)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            member.subAccountId,
            newId(),
            t.a.agencyId,
            user.id,
            await roleId(member.role),
            member.granted ?? [],
            member.revoked ?? [],
          ],
        );
      }
    });
    return email;
  }

  const meOf = async (email: string): Promise<MeBody> =>
    (await t.call({ url: '/api/v1/auth/me', as: email })).json();

  /** What inScope hands a route of this tenant for this person. */
  const scoped = (me: MeBody, tenant: { agencyId: string } | { subAccountId: string }) =>
    inTenant({ kind: 'user', sessionId: newId(), ...me.user, userId: me.user.id }, tenant, async (ctx) =>
      [...ctx.permissions].sort(),
    );

  test('for staff, members and both, with grants and revocations, in every tenant they reach', async () => {
    const [first, second] = t.a.subAccountIds as [string, string];
    const people = [
      t.a.ownerEmail,
      t.a.memberEmail,
      await newPerson({
        member: { subAccountId: first, role: 'administrator', revoked: ['contacts:delete'] },
      }),
      await newPerson({
        member: { subAccountId: first, role: 'viewer', granted: ['tasks:create'], revoked: ['notes:read'] },
      }),
      // Staff who are also members: the agency role adds to the membership, revocations or not.
      await newPerson({
        agencyRole: 'agency_support',
        member: { subAccountId: second, role: 'administrator', revoked: ['contacts:delete'] },
      }),
    ];
    for (const email of people) {
      const me = await meOf(email);
      assert.ok(me.agencies.length + me.subAccounts.length > 0, email);
      for (const a of me.agencies) {
        assert.deepEqual(a.permissions, await scoped(me, { agencyId: a.id }), `${email} at the agency`);
        const elsewhere = t.a.subAccountIds.find((id) => !me.subAccounts.some((s) => s.id === id));
        if (elsewhere) {
          assert.deepEqual(
            a.subAccountPermissions,
            await scoped(me, { subAccountId: elsewhere }),
            `${email} in a sub-account they are not a member of`,
          );
        }
      }
      for (const s of me.subAccounts) {
        assert.deepEqual(s.permissions, await scoped(me, { subAccountId: s.id }), `${email} in ${s.id}`);
      }
      assert.deepEqual(me.permissionsEverywhere, []);
    }
  });

  test('a revoked permission is absent from /auth/me and refused by the route; staff keep it', async () => {
    const [first, second] = t.a.subAccountIds as [string, string];
    const curbed = await newPerson({
      member: { subAccountId: first, role: 'administrator', revoked: ['contacts:delete'] },
    });
    const staff = await newPerson({
      agencyRole: 'agency_support',
      member: { subAccountId: second, role: 'administrator', revoked: ['contacts:delete'] },
    });
    const cases = [
      { email: curbed, subAccountId: first, held: false, status: 403 },
      { email: staff, subAccountId: second, held: true, status: 204 },
    ];
    for (const { email, subAccountId, held, status } of cases) {
      const me = await meOf(email);
      const here = me.subAccounts.find((s) => s.id === subAccountId)!;
      assert.equal(here.permissions.includes('contacts:delete'), held, email);
      const contact = await t.call({
        method: 'POST',
        url: `${sub(subAccountId)}/contacts`,
        as: t.a.ownerEmail,
        body: { firstName: 'Deletable' },
      });
      assert.equal(contact.statusCode, 201, contact.body);
      const removal = await t.call({
        method: 'DELETE',
        url: `${sub(subAccountId)}/contacts/${contact.json().id}`,
        as: email,
      });
      assert.equal(removal.statusCode, status, removal.body);
      if (!held) assert.match(removal.json().detail, /contacts:delete/);
    }
    // The sub-account's member list says what the membership itself gives, by the same rule.
    const members = await t.call({ url: `${sub(first)}/users`, as: t.a.ownerEmail });
    assert.equal(members.statusCode, 200, members.body);
    const row = (members.json().items as { email: string; permissions: string[] }[]).find(
      (m) => m.email === curbed,
    )!;
    assert.ok(!row.permissions.includes('contacts:delete'), 'the revocation is applied');
    assert.ok(row.permissions.includes('contacts:update'), "the role's other permissions stay");
  });
});
