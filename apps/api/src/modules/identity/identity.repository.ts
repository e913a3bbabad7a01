import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { tx } from '../../platform/db/tenant.ts';
import { newId } from '../../platform/ids/ids.ts';
import { loginThrottles, passwordResets, sessions, users } from './identity.tables.ts';

export type UserRecord = {
  id: string;
  email: string;
  name: string;
  status: string;
  isPlatformAdmin: boolean;
  passwordHash: string | null;
};

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  status: users.status,
  isPlatformAdmin: users.isPlatformAdmin,
  passwordHash: users.passwordHash,
};

export async function findUserByEmail(email: string): Promise<UserRecord | undefined> {
  const [row] = await tx().select(userColumns).from(users).where(eq(users.email, email));
  return row;
}

export async function findUserById(id: string): Promise<UserRecord | undefined> {
  const [row] = await tx().select(userColumns).from(users).where(eq(users.id, id));
  return row;
}

export async function findUserNames(ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return tx().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
}

export async function insertUser(input: {
  email: string;
  name: string;
  passwordHash: string | null;
  isPlatformAdmin?: boolean;
}): Promise<UserRecord> {
  const [row] = await tx()
    .insert(users)
    .values({ id: newId(), ...input })
    .returning(userColumns);
  return row!;
}

export async function updateUser(
  id: string,
  values: { name?: string; passwordHash?: string },
): Promise<void> {
  await tx().update(users).set(values).where(eq(users.id, id));
}

export async function touchLastLogin(id: string): Promise<void> {
  await tx()
    .update(users)
    .set({ lastLoginAt: sql`now()` })
    .where(eq(users.id, id));
}

export async function insertSession(input: {
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  ip: string;
  userAgent: string | undefined;
}): Promise<string> {
  const id = newId();
  await tx()
    .insert(sessions)
    .values({ id, ...input });
  return id;
}

export type ActiveSession = { sessionId: string; lastSeenAt: Date; expiresAt: Date } & Omit<
  UserRecord,
  'passwordHash'
>;

export async function findActiveSession(tokenHash: string): Promise<ActiveSession | undefined> {
  const [row] = await tx()
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      id: users.id,
      email: users.email,
      name: users.name,
      status: users.status,
      isPlatformAdmin: users.isPlatformAdmin,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)),
    );
  return row;
}

export async function touchSession(sessionId: string): Promise<void> {
  await tx()
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.id, sessionId));
}

export async function revokeSession(sessionId: string): Promise<void> {
  await tx()
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(eq(sessions.id, sessionId));
}

export async function revokeUserSessions(userId: string): Promise<void> {
  await tx()
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function insertPasswordReset(input: {
  userId: string;
  tokenHash: string;
  expiresAt: Date;
}): Promise<void> {
  await tx()
    .insert(passwordResets)
    .values({ id: newId(), ...input });
}

/** Marks the reset used and returns its user, in one statement so a token works once. */
export async function consumePasswordReset(tokenHash: string): Promise<string | undefined> {
  const [row] = await tx()
    .update(passwordResets)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: passwordResets.userId });
  return row?.userId;
}

export type ThrottleKind = 'email' | 'ip' | 'email_source';

/**
 * Takes one attempt from a counter, atomically: the counter grows only while under `limit` (or
 * restarts when its window has passed), so however many attempts race, at most `limit` get
 * through. Returns 0 when the attempt is reserved, else the seconds until the window ends.
 */
export async function reserveAttempt(
  kind: ThrottleKind,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<number> {
  const expired = sql`${loginThrottles.windowStartedAt} < now() - make_interval(secs => ${windowSeconds})`;
  const reserved = await tx()
    .insert(loginThrottles)
    .values({ kind, key, failures: 1 })
    .onConflictDoUpdate({
      target: [loginThrottles.kind, loginThrottles.key],
      set: {
        failures: sql`case when ${expired} then 1 else ${loginThrottles.failures} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${loginThrottles.windowStartedAt} end`,
      },
      setWhere: sql`${expired} or ${loginThrottles.failures} < ${limit}`,
    })
    .returning({ failures: loginThrottles.failures });
  if (reserved.length > 0) return 0;
  const [row] = await tx()
    .select({
      wait: sql<number>`greatest(1, ceil(extract(epoch from (${loginThrottles.windowStartedAt} + make_interval(secs => ${windowSeconds}) - now()))))::int`,
    })
    .from(loginThrottles)
    .where(and(eq(loginThrottles.kind, kind), eq(loginThrottles.key, key)));
  return Number(row?.wait ?? 1);
}

/** Gives a reserved attempt back: it succeeded, or was never evaluated. */
export async function releaseAttempt(kind: ThrottleKind, key: string): Promise<void> {
  await tx()
    .update(loginThrottles)
    .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` })
    .where(and(eq(loginThrottles.kind, kind), eq(loginThrottles.key, key)));
}

export async function clearAttempts(kind: ThrottleKind, key: string): Promise<void> {
  await tx()
    .delete(loginThrottles)
    .where(and(eq(loginThrottles.kind, kind), eq(loginThrottles.key, key)));
}

/** Every counter of this email: its own and those of each source that tried it. */
export async function clearAttemptsForEmail(email: string): Promise<void> {
  await tx()
    .delete(loginThrottles)
    .where(
      or(
        and(eq(loginThrottles.kind, 'email'), eq(loginThrottles.key, email)),
        and(eq(loginThrottles.kind, 'email_source'), sql`starts_with(${loginThrottles.key}, ${`${email}|`})`),
      ),
    );
}

/** Whether this user has had a session from this address lately: their own device, not a stranger. */
export async function isKnownSource(userId: string, ip: string, days: number): Promise<boolean> {
  const [row] = await tx()
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        eq(sessions.ip, ip),
        gt(sessions.createdAt, sql`now() - make_interval(days => ${days})`),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Reset links asked for this user within the last `minutes`. */
export async function recentPasswordResets(userId: string, minutes: number): Promise<number> {
  const [row] = await tx()
    .select({ n: sql<number>`count(*)::int` })
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.userId, userId),
        gt(passwordResets.createdAt, sql`now() - make_interval(mins => ${minutes})`),
      ),
    );
  return Number(row?.n ?? 0);
}

/** A successful reset ends the user's other reset links too. */
export async function endPasswordResets(userId: string): Promise<void> {
  await tx()
    .update(passwordResets)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
}
