import { type SubAccountContext, requirePermission } from '../../platform/access/access.ts';
import {
  CHECK_VIOLATION,
  FOREIGN_KEY_VIOLATION,
  UNIQUE_VIOLATION,
  sqlState,
} from '../../platform/db/errors.ts';
import { conflict, invalid, notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from './team-member.events.ts';
import { newId } from '../../platform/ids/ids.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { iso } from '../../platform/http/time.ts';
import { notOnTeam, requireOnTeam } from '../access/index.ts';
import * as repo from './team-member.repository.ts';
import type { CreateTeamMemberInput, TeamMemberView, UpdateTeamMemberInput } from './team-member.schemas.ts';

const toView = (m: repo.TeamMemberRecord): TeamMemberView => ({
  id: m.id,
  userId: m.userId,
  name: m.name,
  email: m.email,
  phone: m.phone,
  title: m.title,
  externalIds: m.externalIds,
  commissionType: m.commissionType as TeamMemberView['commissionType'],
  commissionRateBps: m.commissionRateBps,
  commissionFixedMinor: m.commissionFixedMinor,
  currency: m.currency,
  status: m.status as TeamMemberView['status'],
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt),
});

/** The database's CHECKs keep the commission shape whole; this turns their refusal into words. */
async function explained<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const state = sqlState(error);
    if (state === CHECK_VIOLATION) {
      throw invalid(
        'commissionType',
        "'percentage' needs commissionRateBps; 'fixed' needs commissionFixedMinor and currency",
      );
    }
    if (state === UNIQUE_VIOLATION) throw conflict('This user is already a team member of this sub-account');
    if (state === FOREIGN_KEY_VIOLATION) throw notAUserHere();
    throw error;
  }
}

/** The same answer for a user of another agency and for no user at all, so ids reveal nothing. */
const notAUserHere = () => notOnTeam('userId');

export async function listTeamMembers(
  ctx: SubAccountContext,
  page: { limit: number; cursor?: string | undefined },
) {
  requirePermission(ctx, 'team_members:read');
  const after = decodeCursor(page.cursor, ['text', 'uuid']);
  const rows = await repo.listTeamMembers({
    subAccountId: ctx.subAccountId,
    after: after ? { name: after[0], id: after[1] } : undefined,
    limit: page.limit,
  });
  return toPage(rows, page.limit, (r) => [r.name, r.id], toView);
}

export async function createTeamMember(
  ctx: SubAccountContext,
  input: CreateTeamMemberInput,
): Promise<TeamMemberView> {
  requirePermission(ctx, 'team_members:create');
  await requireOnTeam(ctx, { userId: input.userId });
  const member = await explained(() =>
    repo.insertTeamMember({
      subAccountId: ctx.subAccountId,
      id: newId(),
      ...input,
      email: input.email?.toLowerCase() ?? null,
    }),
  );
  await recordEvent({
    type: 'team_members.created',
    agencyId: ctx.agencyId,
    subAccountId: ctx.subAccountId,
    actorUserId: ctx.userId,
    payload: { teamMemberId: member.id },
  });
  return toView(member);
}

export async function getTeamMember(ctx: SubAccountContext, id: string): Promise<TeamMemberView> {
  requirePermission(ctx, 'team_members:read');
  const member = await repo.findTeamMember(ctx.subAccountId, id);
  if (!member) throw notFound('Team member');
  return toView(member);
}

export async function updateTeamMember(
  ctx: SubAccountContext,
  id: string,
  input: UpdateTeamMemberInput,
): Promise<TeamMemberView> {
  requirePermission(ctx, 'team_members:update');
  await requireOnTeam(ctx, { userId: input.userId });
  const member = await explained(() => repo.updateTeamMember(ctx.subAccountId, id, input));
  if (!member) throw notFound('Team member');
  return toView(member);
}

export async function deleteTeamMember(ctx: SubAccountContext, id: string): Promise<void> {
  requirePermission(ctx, 'team_members:delete');
  if (!(await repo.softDeleteTeamMember(ctx.subAccountId, id))) throw notFound('Team member');
}
