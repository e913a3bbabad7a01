import type { FastifyRequest } from 'fastify';
import { boundDatabase, withTenant } from '../db/tenant.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { type Principal, requirePrincipal } from '../auth/principal.ts';
import { ALL_PERMISSIONS, type Permission } from './permissions.ts';

/** What a service method receives: who acts, in which tenant, with which permissions. */
export type RequestContext = {
  principal: Principal;
  agencyId: string;
  subAccountId: string | undefined;
  /** The acting person; undefined for API keys. */
  userId: string | undefined;
  permissions: ReadonlySet<string>;
};

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

async function agencyAccess(principal: Principal, agencyId: string): Promise<Access> {
  const userId = principal.kind === 'user' ? principal.userId : NO_USER;
  const keyRole = principal.kind === 'api_key' && principal.subAccountId === null ? principal.roleId : null;
  const { rows } = await boundDatabase().raw.query<{
    agency_id: string;
    role_id: string | null;
    permissions: string[];
  }>(AGENCY_ACCESS_SQL, [agencyId, userId, keyRole]);
  const row = rows[0];
  if (!row) throw notFound('Agency');
  if (principal.kind === 'user' && principal.isPlatformAdmin)
    return { agencyId, permissions: new Set(ALL_PERMISSIONS) };
  if (principal.kind === 'api_key' && (principal.agencyId !== agencyId || keyRole === null))
    throw notFound('Agency');
  if (principal.kind === 'user' && row.role_id === null) throw notFound('Agency');
  return { agencyId, permissions: new Set(row.permissions) };
}

async function subAccountAccess(principal: Principal, subAccountId: string): Promise<Access> {
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
  if (principal.kind === 'user' && principal.isPlatformAdmin)
    return { agencyId, permissions: new Set(ALL_PERMISSIONS) };
  if (principal.kind === 'api_key') {
    const reaches =
      principal.agencyId === agencyId &&
      (principal.subAccountId === null || principal.subAccountId === subAccountId);
    if (!reaches || row.archived) throw notFound('Sub-account');
    return { agencyId, permissions: new Set(row.agency_permissions) };
  }
  const agencyStaff = row.agency_role_id !== null;
  // Archived sub-accounts stay reachable by agency staff only, so they can restore them.
  if (!agencyStaff && (row.sub_role_id === null || row.archived)) throw notFound('Sub-account');
  const permissions = new Set([
    ...row.agency_permissions,
    ...row.sub_permissions,
    ...(row.granted_permissions ?? []),
  ]);
  if (!agencyStaff) for (const revoked of row.revoked_permissions ?? []) permissions.delete(revoked);
  return { agencyId, permissions };
}

/**
 * Resolves the tenant named in the path (`:agencyId` or `:subAccountId`) for the caller, then runs
 * `fn` in one transaction scoped to it. A tenant the caller cannot reach answers 404, never 403,
 * so ids of other tenants reveal nothing.
 */
export async function inScope<T>(
  request: FastifyRequest,
  fn: (ctx: RequestContext) => Promise<T>,
): Promise<T> {
  const principal = requirePrincipal(request);
  const params = request.params as { agencyId?: string; subAccountId?: string };
  const access = params.subAccountId
    ? await subAccountAccess(principal, params.subAccountId)
    : params.agencyId
      ? await agencyAccess(principal, params.agencyId)
      : undefined;
  if (!access) throw new Error(`inScope used on a route without :agencyId or :subAccountId: ${request.url}`);
  return inContext(contextOf(principal, access, params.subAccountId), fn);
}

/**
 * Runs `fn` for each of these sub-accounts the caller reaches, one transaction each, with the
 * context a request to that sub-account's own routes would have; the ones it cannot reach are
 * left out. For roll-ups over an agency's sub-accounts: row-level security shows a sub-account's
 * rows only in that sub-account's context, and this keeps it that way.
 */
export async function inEachSubAccount<T>(
  request: FastifyRequest,
  subAccountIds: string[],
  fn: (ctx: RequestContext) => Promise<T>,
): Promise<{ subAccountId: string; value: T }[]> {
  const principal = requirePrincipal(request);
  const results: { subAccountId: string; value: T }[] = [];
  for (const subAccountId of subAccountIds) {
    const access = await subAccountAccess(principal, subAccountId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return undefined;
      throw error;
    });
    if (access)
      results.push({ subAccountId, value: await inContext(contextOf(principal, access, subAccountId), fn) });
  }
  return results;
}

function contextOf(principal: Principal, access: Access, subAccountId: string | undefined): RequestContext {
  return {
    principal,
    agencyId: access.agencyId,
    subAccountId,
    userId: principal.kind === 'user' ? principal.userId : undefined,
    permissions: access.permissions,
  };
}

const inContext = <T>(ctx: RequestContext, fn: (ctx: RequestContext) => Promise<T>) =>
  withTenant({ agencyId: ctx.agencyId, subAccountId: ctx.subAccountId, userId: ctx.userId }, () => fn(ctx));
