import { AppError, invalid } from '../../platform/errors/app-error.ts';
import { withSystem, withSystemAutocommit } from '../../platform/db/tenant.ts';
import { randomToken, sha256 } from '../../platform/crypto/secrets.ts';
import { checkPasswordRules, hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { AccessCache } from '../../platform/auth/access-cache.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { publicLink } from '../../platform/http/links.ts';
import { queueEmail } from '../notifications/index.ts';
import * as repo from './identity.repository.ts';

const SESSION_DAYS = 30;
/** Touch last_seen_at at most this often, so reads do not turn into a write per request. */
const SESSION_TOUCH_MS = 5 * 60 * 1000;
const RESET_MINUTES = 60;
/** Reset emails per account per hour: enough for a person, too few to flood their mailbox. */
export const MAX_RESETS_PER_HOUR = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failures that lock one source out of one account (the lock an attacker can only put on themselves). */
export const MAX_FAILURES_PER_EMAIL_AND_SOURCE = 5;
/** Failures from one source over all accounts (password spraying). */
export const MAX_FAILURES_PER_IP = 30;
/**
 * Failures on one account from sources that have never signed in to it: past this, strangers wait
 * for the window, while the account's own devices still sign in (docs/decisions/0008).
 */
export const MAX_FAILURES_PER_EMAIL = 20;
/** A source that had a session of the user within this many days is one of their devices. */
const KNOWN_SOURCE_DAYS = 30;

export type LoginInput = { email: string; password: string; ip: string; userAgent: string | undefined };
export type PublicUser = { id: string; email: string; name: string; isPlatformAdmin: boolean };
export type LoginResult = { user: PublicUser; sessionToken: string; expiresAt: Date };

const publicUser = (u: Pick<repo.UserRecord, 'id' | 'email' | 'name' | 'isPlatformAdmin'>): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isPlatformAdmin: u.isPlatformAdmin,
});

function throttled(seconds: number, why: string): AppError {
  return new AppError('rate_limited', `${why}; try again in ${Math.ceil(seconds / 60)} minute(s)`, {
    retryAfterSeconds: seconds,
  });
}

type Counter = { kind: repo.ThrottleKind; key: string; limit: number; refusal: string };

/**
 * Reserves one attempt on each counter before the password is checked, each in its own committed
 * statement: so concurrent guesses cannot all pass a check that has not seen the others yet, and
 * no lock is held while bcrypt runs. Either every counter is reserved, or none stays taken.
 */
async function reserveAttempts(counters: Counter[]): Promise<void> {
  const taken: Counter[] = [];
  for (const counter of counters) {
    const wait = await repo.reserveAttempt(counter.kind, counter.key, counter.limit, LOGIN_WINDOW_SECONDS);
    if (wait > 0) {
      for (const t of taken) await repo.releaseAttempt(t.kind, t.key);
      throw throttled(wait, counter.refusal);
    }
    taken.push(counter);
  }
}

export async function login(input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const user = await withSystemAutocommit(() => repo.findUserByEmail(email));
  const known = user
    ? await withSystemAutocommit(() => repo.isKnownSource(user.id, input.ip, KNOWN_SOURCE_DAYS))
    : false;
  const counters: Counter[] = [
    {
      kind: 'ip',
      key: input.ip,
      limit: MAX_FAILURES_PER_IP,
      refusal: 'Too many failed logins from your network',
    },
    {
      kind: 'email_source',
      key: `${email}|${input.ip}`,
      limit: MAX_FAILURES_PER_EMAIL_AND_SOURCE,
      refusal: 'Too many failed logins for this account from here; reset your password or wait',
    },
    // The account's own devices never count against, or wait for, strangers' failures.
    ...(known
      ? []
      : [
          {
            kind: 'email' as const,
            key: email,
            limit: MAX_FAILURES_PER_EMAIL,
            refusal:
              'Too many failed logins for this account from new devices; sign in from a device you have used before, reset your password, or wait',
          },
        ]),
  ];
  await withSystemAutocommit(() => reserveAttempts(counters));
  const ok = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !ok || user.status !== 'active') {
    // The reservations stay: they are the failures.
    throw new AppError('unauthenticated', 'Email or password is not right');
  }
  return withSystem(async () => {
    await repo.clearAttempts('email_source', `${email}|${input.ip}`);
    for (const counter of counters.filter((c) => c.kind !== 'email_source'))
      await repo.releaseAttempt(counter.kind, counter.key);
    await repo.touchLastLogin(user.id);
    return startSession(user, input.ip, input.userAgent);
  });
}

/** Starts a session for a user; the caller is inside a system transaction. */
export async function startSession(
  user: Pick<repo.UserRecord, 'id' | 'email' | 'name' | 'isPlatformAdmin'>,
  ip: string,
  userAgent: string | undefined,
): Promise<LoginResult> {
  const sessionToken = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await repo.insertSession({ userId: user.id, tokenHash: sha256(sessionToken), expiresAt, ip, userAgent });
  return { user: publicUser(user), sessionToken, expiresAt };
}

export async function logout(principal: Principal | null): Promise<void> {
  if (principal?.kind !== 'user') return;
  await withSystem(() => repo.revokeSession(principal.sessionId));
}

type CachedSession = {
  principal: Extract<Principal, { kind: 'user' }>;
  expiresAt: number;
  lastSeenAt: number;
};

/** By token hash; dropped when the session, or its user, changes in any process (see access-cache). */
const sessionCache = new AccessCache<CachedSession>();

export async function principalForSessionToken(token: string): Promise<Principal | null> {
  const tokenHash = sha256(token);
  const cached = await sessionCache.get(tokenHash, async () => {
    const session = await withSystemAutocommit(() => repo.findActiveSession(tokenHash));
    if (!session || session.status !== 'active') return null;
    const value: CachedSession = {
      principal: {
        kind: 'user',
        userId: session.id,
        sessionId: session.sessionId,
        email: session.email,
        name: session.name,
        isPlatformAdmin: session.isPlatformAdmin,
      },
      expiresAt: session.expiresAt.getTime(),
      lastSeenAt: session.lastSeenAt.getTime(),
    };
    return { value, tags: [`session:${session.sessionId}`, `user:${session.id}`] };
  });
  const now = Date.now();
  if (!cached || cached.expiresAt <= now) return null;
  if (now - cached.lastSeenAt > SESSION_TOUCH_MS) {
    sessionCache.update(tokenHash, { ...cached, lastSeenAt: now });
    await withSystemAutocommit(() => repo.touchSession(cached.principal.sessionId));
  }
  return cached.principal;
}

/** Always succeeds from the caller's point of view, so it cannot be used to probe for accounts. */
export async function requestPasswordReset(input: { email: string }): Promise<void> {
  await withSystem(async () => {
    const user = await repo.findUserByEmail(input.email.trim().toLowerCase());
    if (!user || user.status !== 'active') return;
    // Silently, like an unknown email: the answer must not tell an attacker anything either.
    if ((await repo.recentPasswordResets(user.id, 60)) >= MAX_RESETS_PER_HOUR) return;
    const token = randomToken();
    await repo.insertPasswordReset({
      userId: user.id,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + RESET_MINUTES * 60 * 1000),
    });
    const link = publicLink(`/reset-password/${token}`);
    await queueEmail({
      to: user.email,
      subject: 'Reset your OpenLevel password',
      text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your OpenLevel password. Open this link within ${RESET_MINUTES} minutes to choose a new one:\n\n${link}\n\nIf it was not you, ignore this email: your password stays as it is.`,
      html: `<p>Hello ${escapeHtml(user.name)},</p><p>Someone (hopefully you) asked to reset your OpenLevel password. Open this link within ${RESET_MINUTES} minutes to choose a new one:</p><p><a href="${link}">Reset my password</a></p><p>If it was not you, ignore this email: your password stays as it is.</p>`,
    });
  });
}

export async function confirmPasswordReset(input: { token: string; password: string }): Promise<void> {
  checkPasswordRules(input.password);
  const passwordHash = await hashPassword(input.password);
  const ok = await withSystem(async () => {
    const userId = await repo.consumePasswordReset(sha256(input.token));
    if (!userId) return false;
    await repo.updateUser(userId, { passwordHash });
    // A reset is often a response to a compromise: every other reset link and every session ends.
    await repo.endPasswordResets(userId);
    await repo.revokeUserSessions(userId);
    // Whoever reads the mailbox owns the account: strangers' failures no longer hold it back.
    const user = await repo.findUserById(userId);
    if (user) await repo.clearAttemptsForEmail(user.email);
    return true;
  });
  if (!ok) throw invalid('token', 'this reset link is invalid, used or expired; ask for a new one');
}

/**
 * Finds the user with this email or creates one (invitation acceptance, seeding). Runs inside the
 * caller's system transaction.
 */
export async function ensureUser(input: {
  email: string;
  name: string;
  password?: string | undefined;
  isPlatformAdmin?: boolean;
}): Promise<{ user: PublicUser; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = await repo.findUserByEmail(email);
  if (existing) return { user: publicUser(existing), created: false };
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const user = await repo.insertUser({
    email,
    name: input.name,
    passwordHash,
    isPlatformAdmin: input.isPlatformAdmin ?? false,
  });
  return { user: publicUser(user), created: true };
}

export async function findUserByEmail(email: string): Promise<PublicUser | undefined> {
  const user = await repo.findUserByEmail(email.trim().toLowerCase());
  return user && publicUser(user);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Whether this is the user's password (an existing account accepting an invitation). */
export async function checkUserPassword(userId: string, password: string): Promise<boolean> {
  const user = await repo.findUserById(userId);
  return verifyPassword(password, user?.passwordHash);
}

/** People's display names by user id, for histories (a contact's timeline); unknown ids are missing. */
export async function userNames(ids: string[]): Promise<Map<string, string>> {
  const rows = await repo.findUserNames([...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
