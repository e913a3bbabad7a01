import {
  type RequestContext,
  type SubAccountContext,
  requireAgencyLevel,
  requirePermission,
} from '../../platform/access/access.ts';
import { withSystem } from '../../platform/db/tenant.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from './agency.events.ts';
import { newId } from '../../platform/ids/ids.ts';
import { decodeCursor, type Page, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import * as repo from './agency.repository.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type {
  AgencyView,
  ListAgenciesInput,
  CreateSubAccountInput,
  ListSubAccountsInput,
  SubAccountView,
  UpdateAgencyInput,
  UpdateSubAccountInput,
} from './agency.schemas.ts';

export const toAgencyView = (a: repo.AgencyRecord): AgencyView => ({
  id: a.id,
  name: a.name,
  plan: a.plan,
  status: a.status,
  whiteLabel: a.whiteLabel,
  createdAt: iso(a.createdAt),
});

export const toSubAccountView = (s: repo.SubAccountRecord): SubAccountView => ({
  id: s.id,
  agencyId: s.agencyId,
  name: s.name,
  email: s.email,
  phone: s.phone,
  website: s.website,
  timezone: s.timezone,
  defaultCountry: s.defaultCountry,
  status: s.deletedAt ? 'archived' : (s.status as SubAccountView['status']),
  archivedAt: iso(s.deletedAt),
  createdAt: iso(s.createdAt),
  updatedAt: iso(s.updatedAt),
});

export type OpenAgencyInput = { name: string; plan?: string | undefined };

/**
 * Creates an agency with its built-in roles and its owner's membership. Platform-level work (the
 * seeder, platform admins): it runs as the system, since no tenant exists yet.
 */
/**
 * The agencies' part of creating an agency (use-cases/create-agency.ts), in the caller's system
 * transaction: the agency row and `agencies.created`.
 */
export async function openAgency(input: OpenAgencyInput): Promise<AgencyView> {
  const agency = await repo.insertAgency({ id: newId(), name: input.name, plan: input.plan });
  await recordEvent({
    type: 'agencies.created',
    agencyId: agency.id,
    payload: { agencyId: agency.id, name: agency.name },
  });
  return toAgencyView(agency);
}

export function requirePlatformAdmin(principal: Principal): void {
  if (principal.kind !== 'user' || !principal.isPlatformAdmin) {
    throw new AppError('forbidden', 'Only platform administrators create and list all agencies');
  }
}

/** Every agency on the platform, for its administrators. */
export async function listAllAgencies(
  principal: Principal,
  input: ListAgenciesInput,
): Promise<Page<AgencyView>> {
  requirePlatformAdmin(principal);
  const after = decodeCursor(input.cursor, ['text', 'uuid']);
  return withSystem(async () => {
    const rows = await repo.listAgencies({
      search: input.search || undefined,
      after: after ? { name: after[0], id: after[1] } : undefined,
      limit: input.limit,
    });
    return toPage(rows, input.limit, (r) => [r.name, r.id], toAgencyView);
  });
}

export async function getAgency(ctx: RequestContext): Promise<AgencyView> {
  requirePermission(ctx, 'agency:read');
  const agency = await repo.findAgency(ctx.agencyId);
  if (!agency) throw notFound('Agency');
  return toAgencyView(agency);
}

export async function updateAgency(ctx: RequestContext, input: UpdateAgencyInput): Promise<AgencyView> {
  requireAgencyLevel(ctx);
  requirePermission(ctx, 'agency:update');
  const agency = await repo.updateAgency(ctx.agencyId, input);
  if (!agency) throw notFound('Agency');
  return toAgencyView(agency);
}

export async function listSubAccounts(
  ctx: RequestContext,
  input: ListSubAccountsInput,
): Promise<Page<SubAccountView>> {
  requireAgencyLevel(ctx);
  requirePermission(ctx, 'sub_accounts:read');
  const after = decodeCursor(input.cursor, ['text', 'uuid']);
  const rows = await repo.listSubAccounts({
    agencyId: ctx.agencyId,
    search: input.search || undefined,
    archived: input.status === 'archived',
    after: after ? { name: after[0], id: after[1] } : undefined,
    limit: input.limit,
  });
  return toPage(rows, input.limit, (r) => [r.name, r.id], toSubAccountView);
}

/** Every active sub-account of the agency, page after page: for roll-ups over all of them. */
export async function listAllSubAccounts(ctx: RequestContext): Promise<SubAccountView[]> {
  const all: SubAccountView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSubAccounts(ctx, { limit: 200, cursor, status: 'active' });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function createSubAccount(
  ctx: RequestContext,
  input: CreateSubAccountInput,
): Promise<SubAccountView> {
  requireAgencyLevel(ctx);
  requirePermission(ctx, 'sub_accounts:create');
  const subAccount = await repo.insertSubAccount({
    id: newId(),
    agencyId: ctx.agencyId,
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
    website: input.website ?? null,
    timezone: input.timezone ?? 'UTC',
    defaultCountry: input.defaultCountry ?? 'US',
  });
  await recordEvent({
    type: 'sub_accounts.created',
    agencyId: ctx.agencyId,
    subAccountId: subAccount.id,
    actorUserId: ctx.userId,
    payload: { subAccountId: subAccount.id, name: subAccount.name },
  });
  return toSubAccountView(subAccount);
}

/** Any member of the sub-account may see its name, zone and country: the scope check is the gate. */
export async function getSubAccount(ctx: SubAccountContext): Promise<SubAccountView> {
  const subAccount = await repo.findSubAccount(ctx.subAccountId);
  if (!subAccount) throw notFound('Sub-account');
  return toSubAccountView(subAccount);
}

export async function updateSubAccount(
  ctx: SubAccountContext,
  input: UpdateSubAccountInput,
): Promise<SubAccountView> {
  requirePermission(ctx, 'settings:update');
  const subAccount = await repo.updateSubAccount(ctx.subAccountId, input);
  if (!subAccount) throw notFound('Sub-account');
  await recordEvent({
    type: 'sub_accounts.updated',
    agencyId: ctx.agencyId,
    subAccountId: subAccount.id,
    actorUserId: ctx.userId,
    payload: { subAccountId: subAccount.id, fields: Object.keys(input) },
  });
  return toSubAccountView(subAccount);
}

export async function setSubAccountArchived(
  ctx: SubAccountContext,
  archived: boolean,
): Promise<SubAccountView> {
  requirePermission(ctx, 'sub_accounts:delete');
  const subAccount = await repo.setSubAccountArchived(ctx.subAccountId, archived);
  if (!subAccount) {
    throw new AppError(
      'conflict',
      archived ? 'This sub-account is already archived' : 'This sub-account is not archived',
    );
  }
  await recordEvent({
    type: archived ? 'sub_accounts.archived' : 'sub_accounts.restored',
    agencyId: ctx.agencyId,
    subAccountId: subAccount.id,
    actorUserId: ctx.userId,
    payload: { subAccountId: subAccount.id },
  });
  return toSubAccountView(subAccount);
}

/** Names for ids, for other modules' views (memberships, invitations). Runs in the caller's transaction. */
export async function namesOf(ids: { agencyIds: string[]; subAccountIds: string[] }) {
  const agencies = await Promise.all(ids.agencyIds.map((id) => repo.findAgency(id)));
  const subAccounts = await Promise.all(ids.subAccountIds.map((id) => repo.findSubAccount(id)));
  return {
    agencies: new Map(agencies.filter((a) => a !== undefined).map((a) => [a.id, a.name])),
    subAccounts: new Map(subAccounts.filter((s) => s !== undefined).map((s) => [s.id, s])),
  };
}

/**
 * The sub-account's defaults other modules need (default country for phone numbers, time zone),
 * read in the caller's transaction; no permission of its own, the caller's scope is the gate.
 */
export async function subAccountSettings(
  subAccountId: string,
): Promise<{ defaultCountry: string; timezone: string }> {
  const subAccount = await repo.findSubAccount(subAccountId);
  if (!subAccount) throw notFound('Sub-account');
  return { defaultCountry: subAccount.defaultCountry, timezone: subAccount.timezone };
}
