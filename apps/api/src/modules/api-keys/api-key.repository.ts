import { and, desc, eq, isNull, lt, or, gt, sql, type SQL } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { roleNamesView } from '../access/index.ts';
import { apiKeys } from './api-key.tables.ts';

export type ApiKeyRecord = typeof apiKeys.$inferSelect;

export async function insertApiKey(values: typeof apiKeys.$inferInsert): Promise<ApiKeyRecord> {
  const [row] = await tx().insert(apiKeys).values(values).returning();
  return row!;
}

export async function listApiKeys(input: {
  agencyId: string;
  subAccountId: string | undefined;
  before?: string | undefined;
  only?: string | undefined;
  limit: number;
}) {
  const where: SQL[] = [eq(apiKeys.agencyId, input.agencyId)];
  where.push(
    input.subAccountId ? eq(apiKeys.subAccountId, input.subAccountId) : isNull(apiKeys.subAccountId),
  );
  if (input.before) where.push(lt(apiKeys.id, input.before));
  if (input.only) where.push(eq(apiKeys.id, input.only));
  return tx()
    .select({ apiKey: apiKeys, roleName: roleNamesView.name })
    .from(apiKeys)
    .innerJoin(
      roleNamesView,
      and(eq(roleNamesView.agencyId, apiKeys.agencyId), eq(roleNamesView.id, apiKeys.roleId)),
    )
    .where(and(...where))
    .orderBy(desc(apiKeys.id))
    .limit(input.limit + 1);
}

export async function revokeApiKey(agencyId: string, subAccountId: string | undefined, id: string) {
  const [row] = await tx()
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(
      and(
        eq(apiKeys.agencyId, agencyId),
        eq(apiKeys.id, id),
        subAccountId ? eq(apiKeys.subAccountId, subAccountId) : isNull(apiKeys.subAccountId),
      ),
    )
    .returning();
  return row;
}

/** Live keys with this prefix (normally one); the caller compares the hash. System context. */
export async function findLiveKeysByPrefix(prefix: string): Promise<ApiKeyRecord[]> {
  return tx()
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.prefix, prefix),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
      ),
    );
}

export async function touchApiKey(agencyId: string, id: string): Promise<void> {
  await tx()
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.agencyId, agencyId), eq(apiKeys.id, id)));
}
