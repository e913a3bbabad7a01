import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fill, jsonBodyOf, resourceIds, routesOf } from './api-routes.ts';
import { startTestApp, type TestApp } from './app-harness.ts';
import { minimalValue } from './request-body.ts';

/**
 * Every route of the OpenAPI document that takes an id, called with tenant A's credentials and
 * tenant B's ids, must answer 404 and reveal nothing of B. The routes come from the document, so
 * a new route is covered the day it lands; a path parameter this suite cannot fill fails it.
 */
/** Routes that take an id but are not tenant data, and why. */
const NOT_TENANT_SCOPED: Record<string, string> = {
  '/api/v1/dev-outbox/{id}': 'the Dev Outbox is a platform-wide development tool, not tenant data',
};

let t: TestApp;
let idsOfB: Record<string, string>;
let idsOfA: Record<string, string>;

before(async () => {
  t = await startTestApp();
  idsOfA = await resourceIds(t.a);
  idsOfB = await resourceIds(t.b);
});
after(() => t.stop());

function assertNothingOfB(body: string): void {
  for (const [name, id] of Object.entries(idsOfB))
    assert.ok(!body.includes(id), `response leaks B's ${name}`);
  assert.ok(!body.includes(t.b.name), "response leaks B's agency name");
}

describe('HTTP isolation: A cannot reach B by id', () => {
  test('every id-taking route answers 404 to A for B', async (s) => {
    const routes = routesOf(t);
    const withIds = routes.filter(
      (r) =>
        !(r.path in NOT_TENANT_SCOPED) &&
        (r.operation.parameters ?? []).some((p) => p.in === 'path' && p.schema?.format === 'uuid'),
    );
    assert.ok(withIds.length >= 30, `expected the API's id-taking routes, found ${withIds.length}`);

    const callers = [
      { label: "A's owner (session)", as: t.a.ownerEmail },
      { label: "A's agency API key", as: { apiKey: t.a.apiKey.secret } },
    ];
    for (const route of withIds) {
      const schema = jsonBodyOf(route);
      const body = schema ? minimalValue(schema) : undefined;
      const resourceParams = (route.path.match(/\{(\w+)\}/g) ?? []).filter(
        (p) => p !== '{agencyId}' && p !== '{subAccountId}',
      );
      // All of B's ids; and, where the route names a resource, A's own scope with B's resource id.
      const variants = [{ label: "B's ids", url: fill(route.path, idsOfB) }];
      if (resourceParams.length > 0) {
        const mixed = { ...idsOfB, agencyId: idsOfA.agencyId!, subAccountId: idsOfA.subAccountId! };
        variants.push({ label: "A's scope, B's resource", url: fill(route.path, mixed) });
      }
      for (const caller of callers) {
        for (const variant of variants) {
          await s.test(`${route.method} ${route.path} — ${caller.label}, ${variant.label}`, async () => {
            const response = await t.call({
              method: route.method as 'GET',
              url: variant.url,
              as: caller.as,
              ...(body === undefined || route.method === 'GET' || route.method === 'DELETE' ? {} : { body }),
            });
            assert.equal(
              response.statusCode,
              404,
              `${route.method} ${variant.url}: ${response.statusCode} ${response.body}`,
            );
            assertNothingOfB(response.body);
          });
        }
      }
    }
  });

  test("A's owner on A's own ids: reads answer 2xx, empty PATCHes never 5xx", async (s) => {
    for (const { path, method } of routesOf(t)) {
      if (path in NOT_TENANT_SCOPED || !path.includes('{') || path.includes('{token}')) continue;
      if (method !== 'GET' && method !== 'PATCH') continue;
      await s.test(`${method} ${path}`, async () => {
        const url = fill(path, idsOfA);
        const response = await t.call({
          method: method as 'GET',
          url,
          as: t.a.ownerEmail,
          ...(method === 'PATCH' ? { body: {} } : {}),
        });
        // A read of one's own data succeeds; an empty PATCH may be refused (a built-in role) but never crashes.
        const limit = method === 'GET' ? 300 : 500;
        assert.ok(response.statusCode < limit, `${method} ${url}: ${response.statusCode} ${response.body}`);
      });
    }
  });

  test("B's own owner reaches the same ids (the suite tests something)", async () => {
    const response = await t.call({
      url: fill('/api/v1/sub-accounts/{subAccountId}/team-members/{teamMemberId}', idsOfB),
      as: t.b.ownerEmail,
    });
    assert.equal(response.statusCode, 200, response.body);
  });
});
