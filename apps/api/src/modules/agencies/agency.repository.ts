import { and, asc, eq, gt, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { agencies, subAccounts, type WhiteLabel } from './agency.tables.ts';

export type AgencyRecord = typeof agencies.$inferSelect;
export type SubAccountRecord = typeof subAccounts.$inferSelect;

export async function insertAgency(values: {
  id: string;
  name: string;
  plan?: string;
  whiteLabel?: WhiteLabel;
}) {
  const [row] = await tx().insert(agencies).values(values).returning();
  return row!;
}

export async function findAgency(id: string): Promise<AgencyRecord | undefined> {
  const [row] = await tx().select().from(agencies).where(eq(agencies.id, id));
  return row;
}

export async function updateAgency(id: string, values: { name?: string; whiteLabel?: WhiteLabel }) {
  // An empty PATCH changes nothing; Drizzle cannot build an UPDATE without a SET list.
  if (Object.keys(values).length === 0) return findAgency(id);
  const [row] = await tx().update(agencies).set(values).where(eq(agencies.id, id)).returning();
  return row;
}

/** Agencies by name, for platform administrators (system context: spans tenants). */
export async function listAgencies(input: {
  search?: string | undefined;
  after?: { name: string; id: string } | undefined;
  limit: number;
}): Promise<AgencyRecord[]> {
  const conditions: SQL[] = [];
  if (input.search) conditions.push(ilike(agencies.name, likePattern(input.search)));
  if (input.after) {
    conditions.push(
      or(
        gt(agencies.name, input.after.name),
        and(eq(agencies.name, input.after.name), gt(agencies.id, input.after.id)),
      )!,
    );
  }
  return tx()
    .select()
    .from(agencies)
    .where(and(...conditions))
    .orderBy(asc(agencies.name), asc(agencies.id))
    .limit(input.limit + 1);
}

/** `%`, `_` and `\` in a search term are literal characters, not patterns. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listSubAccounts(input: {
  agencyId: string;
  search?: string | undefined;
  archived: boolean;
  after?: { name: string; id: string } | undefined;
  limit: number;
}): Promise<SubAccountRecord[]> {
  const conditions: SQL[] = [
    eq(subAccounts.agencyId, input.agencyId),
    input.archived ? isNotNull(subAccounts.deletedAt) : isNull(subAccounts.deletedAt),
  ];
  if (input.search) {
    const pattern = likePattern(input.search);
    conditions.push(or(ilike(subAccounts.name, pattern), ilike(subAccounts.email, pattern))!);
  }
  if (input.after) {
    conditions.push(
      or(
        gt(subAccounts.name, input.after.name),
        and(eq(subAccounts.name, input.after.name), gt(subAccounts.id, input.after.id)),
      )!,
    );
  }
  return tx()
    .select()
    .from(subAccounts)
    .where(and(...conditions))
    .orderBy(asc(subAccounts.name), asc(subAccounts.id))
    .limit(input.limit + 1);
}

export async function insertSubAccount(values: typeof subAccounts.$inferInsert): Promise<SubAccountRecord> {
  const [row] = await tx().insert(subAccounts).values(values).returning();
  return row!;
}

export async function findSubAccount(id: string): Promise<SubAccountRecord | undefined> {
  const [row] = await tx().select().from(subAccounts).where(eq(subAccounts.id, id));
  return row;
}

export async function updateSubAccount(
  id: string,
  values: Partial<
    Pick<
      SubAccountRecord,
      'name' | 'email' | 'phone' | 'website' | 'timezone' | 'defaultCountry' | 'settings'
    >
  >,
): Promise<SubAccountRecord | undefined> {
  if (Object.keys(values).length === 0) return findSubAccount(id);
  const [row] = await tx().update(subAccounts).set(values).where(eq(subAccounts.id, id)).returning();
  return row;
}

export async function setSubAccountArchived(
  id: string,
  archived: boolean,
): Promise<SubAccountRecord | undefined> {
  const [row] = await tx()
    .update(subAccounts)
    .set({ deletedAt: archived ? sql`now()` : null })
    .where(
      and(
        eq(subAccounts.id, id),
        archived ? isNull(subAccounts.deletedAt) : isNotNull(subAccounts.deletedAt),
      ),
    )
    .returning();
  return row;
}

export async function countSubAccounts(agencyId: string): Promise<number> {
  const [row] = await tx()
    .select({ n: sql<number>`count(*)::int` })
    .from(subAccounts)
    .where(and(eq(subAccounts.agencyId, agencyId), isNull(subAccounts.deletedAt)));
  return Number(row?.n ?? 0);
}
