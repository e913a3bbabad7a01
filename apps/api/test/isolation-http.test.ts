import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withSystem, txSql } from '../src/platform/db/tenant.ts';
import { startTestApp, type TestApp } from './app-harness.ts';
import { type JsonSchema, minimalValue } from './request-body.ts';

/**
 * Every route of the OpenAPI document that takes an id, called with tenant A's credentials and
 * tenant B's ids, must answer 404 and reveal nothing of B. The routes come from the document, so
 * a new route is covered the day it lands; a path parameter this suite cannot fill fails it.
 */
type Operation = {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

/** Routes that take an id but are not tenant data, and why. */
const NOT_TENANT_SCOPED: Record<string, string> = {
  '/api/v1/dev-outbox/{id}': 'the Dev Outbox is a platform-wide development tool, not tenant data',
};

let t: TestApp;
let idsOfB: Record<string, string>;
let idsOfA: Record<string, string>;

async function resourceIds(tenant: TestApp['a']): Promise<Record<string, string>> {
  return withSystem(async () => {
    const one = async (sql: string, params: unknown[]) => {
      const { rows } = await txSql().query<{ id: string }>(sql, params);
      if (!rows[0]) throw new Error(`fixture has no row for: ${sql}`);
      return rows[0].id;
    };
    return {
      agencyId: tenant.agencyId,
      subAccountId: tenant.subAccountIds[0],
      roleId: await one(`select id from roles where agency_id = $1 and key = 'viewer'`, [tenant.agencyId]),
      membershipId: await one(`select id from sub_account_memberships where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
      invitationId: tenant.invitationId,
      apiKeyId: tenant.subAccountApiKey.id,
      teamMemberId: await one(`select id from team_members where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
      contactId: await one(`select id from contacts where sub_account_id = $1`, [tenant.subAccountIds[0]]),
      customFieldId: await one(`select id from custom_field_definitions where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
      noteId: await one(`select id from notes where sub_account_id = $1`, [tenant.subAccountIds[0]]),
      taskId: await one(`select id from tasks where sub_account_id = $1`, [tenant.subAccountIds[0]]),
      tagId: await one(`select id from tags where sub_account_id = $1`, [tenant.subAccountIds[0]]),
      importId: await one(`select id from contact_imports where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
      smartListId: await one(`select id from smart_lists where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
      bulkActionId: await one(`select id from contact_bulk_actions where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
      pipelineId: await one(`select id from pipelines where sub_account_id = $1`, [tenant.subAccountIds[0]]),
      stageId: await one(`select id from pipeline_stages where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
      lostReasonId: await one(`select id from lost_reasons where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
      opportunityId: await one(`select id from opportunities where sub_account_id = $1`, [
        tenant.subAccountIds[0],
      ]),
    };
  });
}

before(async () => {
  t = await startTestApp();
  idsOfA = await resourceIds(t.a);
  idsOfB = await resourceIds(t.b);
});
after(() => t.stop());

function fill(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = ids[name];
    if (!id)
      throw new Error(`The isolation suite has no id for path parameter {${name}}: add one to resourceIds()`);
    return id;
  });
}

function assertNothingOfB(body: string): void {
  for (const [name, id] of Object.entries(idsOfB))
    assert.ok(!body.includes(id), `response leaks B's ${name}`);
  assert.ok(!body.includes(t.b.name), "response leaks B's agency name");
}

describe('HTTP isolation: A cannot reach B by id', () => {
  test('every id-taking route answers 404 to A for B', async (s) => {
    const document = t.runtime.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        path,
        method: method.toUpperCase(),
        operation,
      })),
    );
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
      const schema = route.operation.requestBody?.content?.['application/json']?.schema;
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
    const document = t.runtime.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    for (const [path, methods] of Object.entries(document.paths)) {
      if (path in NOT_TENANT_SCOPED || !path.includes('{') || path.includes('{token}')) continue;
      for (const method of ['get', 'patch'].filter((m) => m in methods)) {
        await s.test(`${method.toUpperCase()} ${path}`, async () => {
          const url = fill(path, idsOfA);
          const response = await t.call({
            method: method.toUpperCase() as 'GET',
            url,
            as: t.a.ownerEmail,
            ...(method === 'patch' ? { body: {} } : {}),
          });
          // A read of one's own data succeeds; an empty PATCH may be refused (a built-in role) but never crashes.
          const limit = method === 'get' ? 300 : 500;
          assert.ok(
            response.statusCode < limit,
            `${method.toUpperCase()} ${url}: ${response.statusCode} ${response.body}`,
          );
        });
      }
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
