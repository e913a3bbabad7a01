import { and, asc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { teamMembers } from './team-member.tables.ts';

export type TeamMemberRecord = typeof teamMembers.$inferSelect;
export type TeamMemberValues = Omit<typeof teamMembers.$inferInsert, 'subAccountId' | 'id'>;

export async function insertTeamMember(values: typeof teamMembers.$inferInsert): Promise<TeamMemberRecord> {
  const [row] = await tx().insert(teamMembers).values(values).returning();
  return row!;
}

export async function listTeamMembers(input: {
  subAccountId: string;
  after?: { name: string; id: string } | undefined;
  limit: number;
}): Promise<TeamMemberRecord[]> {
  const where: SQL[] = [eq(teamMembers.subAccountId, input.subAccountId), isNull(teamMembers.deletedAt)];
  if (input.after) {
    where.push(
      or(
        gt(teamMembers.name, input.after.name),
        and(eq(teamMembers.name, input.after.name), gt(teamMembers.id, input.after.id)),
      )!,
    );
  }
  return tx()
    .select()
    .from(teamMembers)
    .where(and(...where))
    .orderBy(asc(teamMembers.name), asc(teamMembers.id))
    .limit(input.limit + 1);
}

export async function findTeamMember(
  subAccountId: string,
  id: string,
): Promise<TeamMemberRecord | undefined> {
  const [row] = await tx()
    .select()
    .from(teamMembers)
    .where(
      and(eq(teamMembers.subAccountId, subAccountId), eq(teamMembers.id, id), isNull(teamMembers.deletedAt)),
    );
  return row;
}

export async function updateTeamMember(subAccountId: string, id: string, values: Partial<TeamMemberValues>) {
  // An empty PATCH changes nothing; Drizzle cannot build an UPDATE without a SET list.
  if (Object.keys(values).length === 0) return findTeamMember(subAccountId, id);
  const [row] = await tx()
    .update(teamMembers)
    .set(values)
    .where(
      and(eq(teamMembers.subAccountId, subAccountId), eq(teamMembers.id, id), isNull(teamMembers.deletedAt)),
    )
    .returning();
  return row;
}

export async function softDeleteTeamMember(subAccountId: string, id: string): Promise<boolean> {
  const rows = await tx()
    .update(teamMembers)
    .set({ deletedAt: sql`now()` })
    .where(
      and(eq(teamMembers.subAccountId, subAccountId), eq(teamMembers.id, id), isNull(teamMembers.deletedAt)),
    )
    .returning({ id: teamMembers.id });
  return rows.length === 1;
}
