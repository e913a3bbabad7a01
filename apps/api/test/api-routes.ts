import { withSystem, txSql } from '../src/platform/db/tenant.ts';
import { newId } from '../src/platform/ids/ids.ts';
import type { TestApp } from './app-harness.ts';
import type { JsonSchema } from './request-body.ts';

/**
 * The routes of the OpenAPI document and the ids that fill their path parameters: shared by the
 * suites that call every route (isolation, robustness), so a new route is covered by all of them
 * the day it lands, and a new path parameter is added in one place.
 */
export type Parameter = { in: string; name: string; required?: boolean; schema?: JsonSchema };
export type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};
export type Route = { path: string; method: string; operation: Operation };
export type ApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

export function documentOf(t: TestApp): ApiDocument {
  return t.runtime.app.swagger() as ApiDocument;
}

/** Every operation of the app's OpenAPI document, method in upper case. */
export function routesOf(t: TestApp): Route[] {
  return Object.entries(documentOf(t).paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      path,
      method: method.toUpperCase(),
      operation,
    })),
  );
}

/** The JSON body schema of an operation, if it takes one. */
export function jsonBodyOf(route: Route): JsonSchema | undefined {
  return route.operation.requestBody?.content?.['application/json']?.schema;
}

/** A token no invitation has: the token routes are reached without a real invitation behind them. */
export const UNKNOWN_INVITATION_TOKEN = 'unknown-invitation-token';

/**
 * One id of each kind of resource of a tenant, named like the path parameters that take it
 * (`{contactId}` takes `contactId`), read from the rows the fixtures seed.
 */
export async function resourceIds(tenant: TestApp['a']): Promise<Record<string, string>> {
  return withSystem(async () => {
    const one = async (sql: string, params: unknown[]) => {
      const { rows } = await txSql().query<{ id: string }>(sql, params);
      if (!rows[0]) throw new Error(`fixture has no row for: ${sql}`);
      return rows[0].id;
    };
    const sub = tenant.subAccountIds[0];
    return {
      agencyId: tenant.agencyId,
      subAccountId: sub,
      roleId: await one(`select id from roles where agency_id = $1 and key = 'viewer'`, [tenant.agencyId]),
      membershipId: await one(`select id from sub_account_memberships where sub_account_id = $1`, [sub]),
      invitationId: tenant.invitationId,
      token: UNKNOWN_INVITATION_TOKEN,
      apiKeyId: tenant.subAccountApiKey.id,
      teamMemberId: await one(`select id from team_members where sub_account_id = $1`, [sub]),
      contactId: await one(`select id from contacts where sub_account_id = $1`, [sub]),
      customFieldId: await one(`select id from custom_field_definitions where sub_account_id = $1`, [sub]),
      noteId: await one(`select id from notes where sub_account_id = $1`, [sub]),
      taskId: await one(`select id from tasks where sub_account_id = $1`, [sub]),
      tagId: await one(`select id from tags where sub_account_id = $1`, [sub]),
      importId: await one(`select id from contact_imports where sub_account_id = $1`, [sub]),
      smartListId: await one(`select id from smart_lists where sub_account_id = $1`, [sub]),
      bulkActionId: await one(`select id from contact_bulk_actions where sub_account_id = $1`, [sub]),
      pipelineId: await one(`select id from pipelines where sub_account_id = $1`, [sub]),
      stageId: await one(`select id from pipeline_stages where sub_account_id = $1`, [sub]),
      lostReasonId: await one(`select id from lost_reasons where sub_account_id = $1`, [sub]),
      opportunityId: await one(`select id from opportunities where sub_account_id = $1`, [sub]),
      // A Dev Outbox message (`/dev-outbox/{id}`): the one the tenant's invitation sent.
      id: await devOutboxMessageOf(tenant),
    };
  });
}

/** A Dev Outbox message the tenant sent; one is written in its place if the email job has not run yet. */
async function devOutboxMessageOf(tenant: TestApp['a']): Promise<string> {
  const { rows } = await txSql().query<{ id: string }>(
    `select id from dev_outbox_messages where sender_agency_id = $1 limit 1`,
    [tenant.agencyId],
  );
  if (rows[0]) return rows[0].id;
  const id = newId();
  await txSql().query(
    `insert into dev_outbox_messages (id, channel, from_address, to_address, subject, text_body, sender_agency_id)
     values ($1, 'email', 'no-reply@openlevel.local', $2, 'Fixture', 'A message for the suites', $3)`,
    [id, `fixture@tenant-${tenant.agencyId}.example`, tenant.agencyId],
  );
  return id;
}

/** The route's path with its parameters filled from `ids`; a parameter without an id fails the suite. */
export function fill(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = ids[name];
    if (!id)
      throw new Error(
        `No id for path parameter {${name}} of ${path}: add one to resourceIds() in apps/api/test/api-routes.ts`,
      );
    return encodeURIComponent(id);
  });
}
