import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ensureUser } from '../src/modules/identity/index.ts';
import { ALL_PERMISSIONS, BUILTIN_ROLES, type BuiltinRole } from '../src/platform/access/permissions.ts';
import { txSql, withSystem } from '../src/platform/db/tenant.ts';
import { newId } from '../src/platform/ids/ids.ts';
import { fill, jsonBodyOf, resourceIds, type Route, routesOf } from './api-routes.ts';
import { startTestApp, type TestApp } from './app-harness.ts';
import { minimalValue } from './request-body.ts';

/**
 * Privileges, generated from the OpenAPI document and the permission catalogue, so a new route or
 * a new role is covered the day it lands:
 * - every mutating route of a tenant refuses a caller without its permission with a 403 naming
 *   it, and refuses a caller holding every other permission just the same;
 * - for every pair of built-in roles, someone may change or remove a person of the other role
 *   exactly when that person's permissions are all within their own.
 */

let t: TestApp;
let ids: Record<string, string>;
/** An agency member whose custom agency role the suite rewrites; agency roles reach sub-accounts too. */
let probe: { email: string; roleId: string };

async function newPerson(label: string): Promise<{ email: string; userId: string }> {
  const email = `${label}-${newId().slice(-8)}@tenant-a.example`;
  const { user } = await withSystem(() => ensureUser({ email, name: label, password: t.a.password }));
  return { email, userId: user.id };
}

async function customRole(scope: 'agency' | 'sub_account', permissions: readonly string[]): Promise<string> {
  const roleId = newId();
  await withSystem(() =>
    txSql().query(
      `insert into roles (agency_id, id, name, scope, is_builtin) values ($1, $2, $3, $4, false)`,
      [t.a.agencyId, roleId, `Probe ${roleId.slice(-6)}`, scope],
    ),
  );
  await setPermissions(roleId, permissions);
  return roleId;
}

/** Rewrites a role's permissions; access is resolved on every request, so the next call sees them. */
async function setPermissions(roleId: string, permissions: readonly string[]): Promise<void> {
  await withSystem(async () => {
    await txSql().query('delete from role_permissions where agency_id = $1 and role_id = $2', [
      t.a.agencyId,
      roleId,
    ]);
    await txSql().query(
      `insert into role_permissions (agency_id, role_id, permission_key)
       select $1, $2, unnest($3::text[])`,
      [t.a.agencyId, roleId, [...permissions]],
    );
  });
}

async function agencyMember(roleId: string, userId: string): Promise<string> {
  const membershipId = newId();
  await withSystem(() =>
    txSql().query(
      'insert into agency_memberships (agency_id, id, user_id, role_id) values ($1, $2, $3, $4)',
      [t.a.agencyId, membershipId, userId, roleId],
    ),
  );
  return membershipId;
}

async function subAccountMember(
  roleId: string,
  userId: string,
  granted: readonly string[] = [],
): Promise<string> {
  const membershipId = newId();
  await withSystem(() =>
    txSql().query(
      `insert into sub_account_memberships (sub_account_id, id, agency_id, user_id, role_id, granted_permissions)
       values ($1, $2, $3, $4, $5, $6)`,
      [t.a.subAccountIds[0], membershipId, t.a.agencyId, userId, roleId, [...granted]],
    ),
  );
  return membershipId;
}

const roleIdOf = (key: string) => {
  const id = t.a.roleIds[key];
  if (!id) throw new Error(`no built-in role ${key}`);
  return id;
};

before(async () => {
  t = await startTestApp();
  ids = await resourceIds(t.a);
  const person = await newPerson('probe');
  const roleId = await customRole('agency', []);
  await agencyMember(roleId, person.userId);
  probe = { email: person.email, roleId };
});
after(() => t.stop());

const isTenantRoute = (route: Route) => /\{(agencyId|subAccountId)\}/.test(route.path);
const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

async function callAs(route: Route, as: string | undefined) {
  const schema = jsonBodyOf(route);
  const csv = route.operation.requestBody?.content?.['text/csv'];
  return t.call({
    method: route.method as 'POST',
    url: fill(route.path, ids),
    as,
    ...(csv
      ? { body: 'email\nprobe@example.com\n', headers: { 'content-type': 'text/csv' } }
      : schema && route.method !== 'DELETE'
        ? { body: minimalValue(schema) }
        : {}),
  });
}

const namedPermission = (detail: string) => /permission (\w+:\w+)/.exec(detail)?.[1];

describe('privileges: every mutating route needs its permission', () => {
  test('a caller without the permission gets 403 naming it; holding every other one changes nothing', async (s) => {
    const routes = routesOf(t).filter((r) => MUTATING.has(r.method) && isTenantRoute(r));
    assert.ok(routes.length >= 40, `expected the API's mutating tenant routes, found ${routes.length}`);
    for (const route of routes) {
      await s.test(`${route.method} ${route.path}`, async () => {
        await setPermissions(probe.roleId, []);
        const bare = await callAs(route, probe.email);
        assert.equal(bare.statusCode, 403, `without any permission: ${bare.statusCode} ${bare.body}`);
        const permission = namedPermission(bare.json().detail);
        assert.ok(permission, `the 403 names the permission to ask for: ${bare.body}`);
        await setPermissions(
          probe.roleId,
          ALL_PERMISSIONS.filter((p) => p !== permission),
        );
        const allButIt = await callAs(route, probe.email);
        assert.equal(allButIt.statusCode, 403, `with every permission but ${permission}: ${allButIt.body}`);
        assert.equal(namedPermission(allButIt.json().detail), permission);
      });
    }
  });

  test('outside a tenant, mutating routes are public flows or for platform administrators only', async (s) => {
    const routes = routesOf(t).filter((r) => MUTATING.has(r.method) && !isTenantRoute(r));
    for (const route of routes) {
      await s.test(`${route.method} ${route.path}`, async () => {
        // Public flows (log in, reset a password, accept an invitation) answer anyone, by design;
        // everything else is the platform's, refused to an agency member who holds every permission.
        const publicFlow = route.path.startsWith('/api/v1/auth/') || route.path.includes('{token}');
        await setPermissions(probe.roleId, ALL_PERMISSIONS);
        const response = await callAs(route, publicFlow ? undefined : probe.email);
        if (publicFlow) assert.ok(response.statusCode < 500, response.body);
        else assert.equal(response.statusCode, 403, `${response.statusCode} ${response.body}`);
      });
    }
  });
});

describe('privileges: nobody changes or removes someone stronger', () => {
  const USER_ADMIN = ['users:read', 'users:update', 'users:delete'];
  const within = (theirs: readonly string[], mine: ReadonlySet<string>) => theirs.every((p) => mine.has(p));

  type Level = {
    scope: 'agency' | 'sub_account';
    users: string;
    /** Adds a person to this level with a role; returns the membership id. */
    member: (roleId: string, userId: string, granted?: readonly string[]) => Promise<string>;
  };

  /** Every actor role against every target role: allowed exactly when the target is within the actor. */
  async function everyPair(
    s: { test: (name: string, fn: () => Promise<void>) => Promise<void> },
    level: Level,
    actors: readonly BuiltinRole[],
    granted: readonly string[],
  ): Promise<void> {
    // The role a target is moved to holds nothing, so only the target's strength decides.
    const nothing = await customRole(level.scope, []);
    const targets = BUILTIN_ROLES.filter((r) => r.scope === level.scope);
    for (const actorRole of actors) {
      const actor = await newPerson(`actor-${actorRole.key}`);
      await level.member(roleIdOf(actorRole.key), actor.userId, granted);
      const mine = new Set([...actorRole.permissions, ...granted]);
      for (const targetRole of targets) {
        const allowed = within(targetRole.permissions, mine);
        await s.test(`${actorRole.key} on ${targetRole.key}: ${allowed ? 'may' : 'may not'}`, async () => {
          for (const change of [{ status: 'suspended' }, { roleId: nothing }, 'remove'] as const) {
            const target = await newPerson(`target-${targetRole.key}`);
            const url = `${level.users}/${await level.member(roleIdOf(targetRole.key), target.userId)}`;
            const response = await t.call(
              change === 'remove'
                ? { method: 'DELETE', url, as: actor.email }
                : { method: 'PATCH', url, as: actor.email, body: change },
            );
            assert.equal(
              response.statusCode,
              allowed ? (change === 'remove' ? 204 : 200) : 403,
              `${JSON.stringify(change)}: ${response.body}`,
            );
          }
        });
      }
    }
  }

  test('sub-account roles, every pair (each actor also granted the users permissions)', async (s) => {
    const level: Level = {
      scope: 'sub_account',
      users: `/api/v1/sub-accounts/${t.a.subAccountIds[0]}/users`,
      member: subAccountMember,
    };
    await everyPair(
      s,
      level,
      BUILTIN_ROLES.filter((r) => r.scope === 'sub_account'),
      USER_ADMIN,
    );
  });

  test('agency roles, every pair of those who manage people', async (s) => {
    const level: Level = {
      scope: 'agency',
      users: `/api/v1/agencies/${t.a.agencyId}/users`,
      member: (roleId, userId) => agencyMember(roleId, userId),
    };
    const managers = BUILTIN_ROLES.filter(
      (r) => r.scope === 'agency' && USER_ADMIN.every((p) => (r.permissions as string[]).includes(p)),
    );
    assert.ok(managers.length >= 2);
    await everyPair(s, level, managers, []);
  });

  test('the catalogue has both kinds of pairs, so the suite can fail either way', () => {
    const roles = BUILTIN_ROLES.filter((r) => r.scope === 'sub_account');
    const pairs = roles.flatMap((a) => roles.map((b) => within(b.permissions, new Set(a.permissions))));
    assert.ok(pairs.includes(true) && pairs.includes(false));
  });
});
