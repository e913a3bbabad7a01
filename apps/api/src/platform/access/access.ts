import type { FastifyRequest } from 'fastify';
import { sqlState } from '../db/errors.ts';
import { boundDatabase, withTenant } from '../db/tenant.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import {
  AccessCache,
  STALE_ACCESS_SQLSTATE,
  StaleAccessError,
  accessChecked,
  pendingAccessEpoch,
} from '../auth/access-cache.ts';
import { type Principal, requirePrincipal } from '../auth/principal.ts';
import { ALL_PERMISSIONS, type Permission } from './permissions.ts';

/**
 * The product acting on its own: a job, an event subscriber, later a workflow, a campaign or an AI
 * agent. `work` names it (`contacts.bulk-action`); `onBehalfOfUserId` is the person who asked for
 * it, if anyone did. The audit log records it as `system:<work>`, with that person as the user.
 */
export type SystemPrincipal = {
  kind: 'system';
  work: string;
  /** The agency the work belongs to: it reaches that agency's sub-accounts and no other. */
  agencyId: string;
  onBehalfOfUserId: string | null;
  /** What the work may do, in every sub-account of the agency it reaches. */
  permissions: readonly Permission[];
};

/** Whoever a context acts for: a caller of the API, or the product itself. */
export type Actor = Principal | SystemPrincipal;

/** What a service method receives: who acts, in which tenant, with which permissions. */
export type RequestContext = {
  principal: Actor;
  agencyId: string;
  subAccountId: string | undefined;
  /** The acting person (or the one the system acts for); undefined for API keys. */
  userId: string | undefined;
  permissions: ReadonlySet<string>;
};

/** Work inside one sub-account: most services take this, and never assert the id. */
export type SubAccountContext = RequestContext & { readonly subAccountId: string };

/** Work at the agency level (managing sub-accounts, agency users, roll-ups). */
export type AgencyContext = RequestContext & { readonly subAccountId: undefined };

const WORK_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_-]*)+$/;

/** `user:<id>`, `api_key:<id>` or `system:<work>`: what the audit log records as the actor. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.userId}`;
    case 'api_key':
      return `api_key:${actor.apiKeyId}`;
    case 'system':
      return `system:${actor.work}`;
  }
}

export type SystemWork = {
  /** What the product is doing, `<domain>.<work>` like a job name: `contacts.bulk-action`. */
  work: string;
  agencyId: string;
  /** The sub-account the work is in; absent for agency-level work (seeding an agency). */
  subAccountId?: string | undefined;
  onBehalfOfUserId?: string | null | undefined;
  /**
   * What the work may do: the permissions checked when it was asked for, or those its purpose
   * needs (a smart-list rebuild reads contacts). Services check them as they would a caller's.
   */
  permissions: readonly Permission[];
};

/** The context of work the product does, outside any request. */
export function systemContext(work: SystemWork & { subAccountId: string }): SubAccountContext;
export function systemContext(work: SystemWork & { subAccountId?: undefined }): AgencyContext;
export function systemContext(work: SystemWork): RequestContext {
  if (!WORK_NAME.test(work.work))
    throw new Error(`System work is named <domain>.<work>, e.g. contacts.bulk-action: ${work.work}`);
  const onBehalfOfUserId = work.onBehalfOfUserId ?? null;
  return {
    principal: {
      kind: 'system',
      work: work.work,
      agencyId: work.agencyId,
      onBehalfOfUserId,
      permissions: work.permissions,
    },
    agencyId: work.agencyId,
    subAccountId: work.subAccountId,
    userId: onBehalfOfUserId ?? undefined,
    permissions: new Set(work.permissions),
  };
}

/**
 * Runs `fn` in one transaction of the tenant as the system (jobs, subscribers that open their own
 * transaction, seeding): row-level security applies as for a request, and the audit log records
 * the work as the actor.
 */
export function asSystem<T>(
  work: SystemWork & { subAccountId: string },
  fn: (ctx: SubAccountContext) => Promise<T>,
): Promise<T>;
export function asSystem<T>(
  work: SystemWork & { subAccountId?: undefined },
  fn: (ctx: AgencyContext) => Promise<T>,
): Promise<T>;
export function asSystem<T>(work: SystemWork, fn: (ctx: never) => Promise<T>): Promise<T> {
  return inContext(
    systemContext(work as SystemWork & { subAccountId: string }),
    fn as (ctx: RequestContext) => Promise<T>,
  );
}

export function can(ctx: RequestContext, permission: Permission): boolean {
  return ctx.permissions.has(permission);
}

/** The first line of every service method. */
export function requirePermission(ctx: RequestContext, permission: Permission): void {
  if (!ctx.permissions.has(permission)) {
    const where = ctx.subAccountId ? 'this sub-account' : 'this agency';
    throw new AppError(
      'forbidden',
      `You need the permission ${permission} in ${where}; ask an owner to grant it`,
    );
  }
}

export function requireAgencyLevel(ctx: RequestContext): void {
  if (ctx.subAccountId)
    throw new AppError('forbidden', 'This is done at the agency level, not inside a sub-account');
}

type Access = { agencyId: string; permissions: Set<string> };

/** Where a person's permissions in one agency or sub-account come from. */
export type PermissionSources = {
  isPlatformAdmin: boolean;
  /** Their active agency role's permissions (an API key's role's); null when they are not staff. */
  agencyRole: readonly string[] | null;
  /**
   * In a sub-account: their active membership of it (its role's permissions, grants and
   * revocations), or null when they have none. Absent for the agency itself.
   */
  membership?: { role: readonly string[]; granted: readonly string[]; revoked: readonly string[] } | null;
};

/**
 * What a person holds in an agency or one of its sub-accounts: the one rule, which request scoping
 * applies to every request and /auth/me reports to the dashboard, so the two cannot disagree.
 * Platform administrators hold every permission. In a sub-account, agency staff hold their agency
 * role's permissions and members their role's plus grants, both when both; revocations curb members
 * only, since staff would hold the permission through the agency anyway.
 */
export function effectivePermissions(sources: PermissionSources): Set<string> {
  if (sources.isPlatformAdmin) return new Set(ALL_PERMISSIONS);
  const { agencyRole, membership } = sources;
  const permissions = new Set([
    ...(agencyRole ?? []),
    ...(membership?.role ?? []),
    ...(membership?.granted ?? []),
  ]);
  if (agencyRole === null) for (const revoked of membership?.revoked ?? []) permissions.delete(revoked);
  return permissions;
}

// The two lookups below run on every scoped request, as single statements outside any transaction
// (no BEGIN/COMMIT round trips); they read across tenants, so they run as the connection's role.
const AGENCY_ACCESS_SQL = `
  select a.id as agency_id,
         m.role_id,
         array(select rp.permission_key from role_permissions rp
                where rp.agency_id = a.id and rp.role_id = coalesce(m.role_id, $3)) as permissions
    from agencies a
    left join agency_memberships m on m.agency_id = a.id and m.user_id = $2 and m.status = 'active'
   where a.id = $1`;

const SUB_ACCOUNT_ACCESS_SQL = `
  select s.agency_id,
         s.deleted_at is not null as archived,
         am.role_id as agency_role_id,
         sm.role_id as sub_role_id,
         sm.granted_permissions,
         sm.revoked_permissions,
         array(select rp.permission_key from role_permissions rp
                where rp.agency_id = s.agency_id and rp.role_id = coalesce(am.role_id, $3)) as agency_permissions,
         array(select rp.permission_key from role_permissions rp
                where rp.agency_id = s.agency_id and rp.role_id = sm.role_id) as sub_permissions
    from sub_accounts s
    left join agency_memberships am on am.agency_id = s.agency_id and am.user_id = $2 and am.status = 'active'
    left join sub_account_memberships sm on sm.sub_account_id = s.id and sm.user_id = $2 and sm.status = 'active'
   where s.id = $1`;

const NO_USER = '00000000-0000-0000-0000-000000000000';

/**
 * What a caller holds in a tenant, per caller and tenant. Only callers of the API are cached: their
 * request synced the access epoch when it resolved them, so any change to memberships, roles,
 * permissions or sub-accounts of the agency has already dropped what it touched.
 */
const accessCache = new AccessCache<Access>();

function cachedAccess(principal: Principal, tenant: string, load: () => Promise<Access>): Promise<Access> {
  const caller =
    principal.kind === 'user'
      ? `user:${principal.userId}:${principal.isPlatformAdmin ? 'admin' : 'staff'}`
      : `api_key:${principal.apiKeyId}`;
  const who = principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.apiKeyId}`;
  return accessCache
    .get(`${caller}|${tenant}`, async () => {
      const access = await load();
      return { value: access, tags: [`agency:${access.agencyId}`, who] };
    })
    .then((access) => access!);
}

async function agencyAccess(principal: Actor, agencyId: string): Promise<Access> {
  if (principal.kind === 'system') {
    if (principal.agencyId !== agencyId) throw notFound('Agency');
    return { agencyId, permissions: new Set(principal.permissions) };
  }
  return cachedAccess(principal, `agency:${agencyId}`, () => loadAgencyAccess(principal, agencyId));
}

async function loadAgencyAccess(principal: Principal, agencyId: string): Promise<Access> {
  const userId = principal.kind === 'user' ? principal.userId : NO_USER;
  const keyRole = principal.kind === 'api_key' && principal.subAccountId === null ? principal.roleId : null;
  const { rows } = await boundDatabase().raw.query<{
    agency_id: string;
    role_id: string | null;
    permissions: string[];
  }>(AGENCY_ACCESS_SQL, [agencyId, userId, keyRole]);
  const row = rows[0];
  if (!row) throw notFound('Agency');
  const isPlatformAdmin = principal.kind === 'user' && principal.isPlatformAdmin;
  if (!isPlatformAdmin) {
    if (principal.kind === 'api_key' && (principal.agencyId !== agencyId || keyRole === null))
      throw notFound('Agency');
    if (principal.kind === 'user' && row.role_id === null) throw notFound('Agency');
  }
  const agencyRole = principal.kind === 'api_key' || row.role_id !== null ? row.permissions : null;
  return { agencyId, permissions: effectivePermissions({ isPlatformAdmin, agencyRole }) };
}

async function subAccountAccess(principal: Actor, subAccountId: string): Promise<Access> {
  if (principal.kind === 'system') return systemSubAccountAccess(principal, subAccountId);
  return cachedAccess(principal, `sub_account:${subAccountId}`, () =>
    loadSubAccountAccess(principal, subAccountId),
  );
}

async function loadSubAccountAccess(principal: Principal, subAccountId: string): Promise<Access> {
  const userId = principal.kind === 'user' ? principal.userId : NO_USER;
  const keyRole = principal.kind === 'api_key' ? principal.roleId : null;
  const { rows } = await boundDatabase().raw.query<{
    agency_id: string;
    archived: boolean;
    agency_role_id: string | null;
    sub_role_id: string | null;
    granted_permissions: string[] | null;
    revoked_permissions: string[] | null;
    agency_permissions: string[];
    sub_permissions: string[];
  }>(SUB_ACCOUNT_ACCESS_SQL, [subAccountId, userId, keyRole]);
  const row = rows[0];
  if (!row) throw notFound('Sub-account');
  const agencyId = row.agency_id;
  const isPlatformAdmin = principal.kind === 'user' && principal.isPlatformAdmin;
  if (principal.kind === 'api_key') {
    const reaches =
      principal.agencyId === agencyId &&
      (principal.subAccountId === null || principal.subAccountId === subAccountId);
    if (!reaches || row.archived) throw notFound('Sub-account');
    // A key acts through its role alone, as staff of the agency would.
    const permissions = effectivePermissions({
      isPlatformAdmin,
      agencyRole: row.agency_permissions,
      membership: null,
    });
    return { agencyId, permissions };
  }
  const agencyStaff = row.agency_role_id !== null;
  // Archived sub-accounts stay reachable by agency staff only, so they can restore them.
  if (!isPlatformAdmin && !agencyStaff && (row.sub_role_id === null || row.archived))
    throw notFound('Sub-account');
  const permissions = effectivePermissions({
    isPlatformAdmin,
    agencyRole: agencyStaff ? row.agency_permissions : null,
    membership:
      row.sub_role_id === null
        ? null
        : {
            role: row.sub_permissions,
            granted: row.granted_permissions ?? [],
            revoked: row.revoked_permissions ?? [],
          },
  });
  return { agencyId, permissions };
}

const SYSTEM_SUB_ACCOUNT_SQL = `select agency_id, deleted_at is not null as archived from sub_accounts where id = $1`;

async function systemSubAccountAccess(principal: SystemPrincipal, subAccountId: string): Promise<Access> {
  const { rows } = await boundDatabase().raw.query<{ agency_id: string; archived: boolean }>(
    SYSTEM_SUB_ACCOUNT_SQL,
    [subAccountId],
  );
  const row = rows[0];
  if (!row || row.agency_id !== principal.agencyId || row.archived) throw notFound('Sub-account');
  return { agencyId: row.agency_id, permissions: new Set(principal.permissions) };
}

/** The tenant a piece of work runs in: an agency, or one of its sub-accounts. */
export type Tenant = { subAccountId: string } | { agencyId: string };

/**
 * Resolves the tenant for the actor, then runs `fn` in one transaction scoped to it. A tenant the
 * actor cannot reach answers 404, never 403, so ids of other tenants reveal nothing. Opens its own
 * transaction: for request handlers (through inScope), jobs and roll-ups, never inside a service.
 */
export type TenantWork = {
  /** The work only reads: a write fails, and on PostgreSQL it costs no BEGIN or COMMIT. */
  readOnly?: boolean;
};

export async function inTenant<T>(
  actor: Actor,
  tenant: { subAccountId: string },
  fn: (ctx: SubAccountContext) => Promise<T>,
  work?: TenantWork,
): Promise<T>;
export async function inTenant<T>(
  actor: Actor,
  tenant: { agencyId: string },
  fn: (ctx: AgencyContext) => Promise<T>,
  work?: TenantWork,
): Promise<T>;
export async function inTenant<T>(
  actor: Actor,
  tenant: Tenant,
  fn: (ctx: RequestContext) => Promise<T>,
  work?: TenantWork,
): Promise<T>;
export async function inTenant<T>(
  actor: Actor,
  tenant: Tenant,
  fn: (ctx: never) => Promise<T>,
  work: TenantWork = {},
): Promise<T> {
  const run = fn as (ctx: RequestContext) => Promise<T>;
  if ('subAccountId' in tenant) {
    const access = await subAccountAccess(actor, tenant.subAccountId);
    return inContext(contextOf(actor, access, tenant.subAccountId), run, work);
  }
  return inContext(contextOf(actor, await agencyAccess(actor, tenant.agencyId), undefined), run, work);
}

/**
 * Runs `fn` in the tenant named in the path (`:subAccountId`, else `:agencyId`), for the caller.
 * A route whose params name a sub-account hands `fn` a SubAccountContext, one naming an agency an
 * AgencyContext, so services never assert which they got.
 */
export function inScope<T>(
  request: FastifyRequest & { params: { subAccountId: string } },
  fn: (ctx: SubAccountContext) => Promise<T>,
): Promise<T>;
export function inScope<T>(
  request: FastifyRequest & { params: { agencyId: string } },
  fn: (ctx: AgencyContext) => Promise<T>,
): Promise<T>;
/** A route mounted at both levels (roles, API keys): the service takes a RequestContext. */
export function inScope<T>(request: FastifyRequest, fn: (ctx: RequestContext) => Promise<T>): Promise<T>;
export function inScope<T>(request: FastifyRequest, fn: (ctx: never) => Promise<T>): Promise<T> {
  const principal = requirePrincipal(request);
  const params = request.params as { agencyId?: string; subAccountId?: string };
  const run = fn as (ctx: RequestContext) => Promise<T>;
  // GET and HEAD change nothing (HTTP's safe methods): their transaction is read-only.
  const work = { readOnly: request.method === 'GET' || request.method === 'HEAD' };
  if (params.subAccountId) return inTenant(principal, { subAccountId: params.subAccountId }, run, work);
  if (params.agencyId) return inTenant(principal, { agencyId: params.agencyId }, run, work);
  throw new Error(`inScope used on a route without :agencyId or :subAccountId: ${request.url}`);
}

/**
 * Runs `fn` for each of these sub-accounts the actor reaches, one transaction each, with the
 * context a request to that sub-account's own routes would have; the ones it cannot reach are
 * left out. For roll-ups over an agency's sub-accounts, from a route or a job alike: row-level
 * security shows a sub-account's rows only in that sub-account's context, and this keeps it that way.
 */
export async function inEachSubAccount<T>(
  actor: Actor,
  subAccountIds: string[],
  fn: (ctx: SubAccountContext) => Promise<T>,
): Promise<{ subAccountId: string; value: T }[]> {
  const results: { subAccountId: string; value: T }[] = [];
  for (const subAccountId of subAccountIds) {
    const access = await subAccountAccess(actor, subAccountId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return undefined;
      throw error;
    });
    if (access) {
      const ctx = contextOf(actor, access, subAccountId) as SubAccountContext;
      results.push({ subAccountId, value: await inContext(ctx, fn) });
    }
  }
  return results;
}

function contextOf(actor: Actor, access: Access, subAccountId: string | undefined): RequestContext {
  return {
    principal: actor,
    agencyId: access.agencyId,
    subAccountId,
    userId:
      actor.kind === 'user'
        ? actor.userId
        : actor.kind === 'system'
          ? (actor.onBehalfOfUserId ?? undefined)
          : undefined,
    permissions: access.permissions,
  };
}

async function inContext<C extends RequestContext, T>(
  ctx: C,
  fn: (ctx: C) => Promise<T>,
  work: TenantWork = {},
): Promise<T> {
  const accessEpoch = pendingAccessEpoch(ctx.principal);
  try {
    const result = await withTenant(
      {
        agencyId: ctx.agencyId,
        subAccountId: ctx.subAccountId,
        userId: ctx.userId,
        actor: actorLabel(ctx.principal),
        accessEpoch,
        readOnly: work.readOnly,
      },
      () => fn(ctx),
    );
    if (accessEpoch !== undefined) accessChecked(ctx.principal);
    return result;
  } catch (error) {
    if (sqlState(error) === STALE_ACCESS_SQLSTATE) throw new StaleAccessError();
    throw error;
  }
}
