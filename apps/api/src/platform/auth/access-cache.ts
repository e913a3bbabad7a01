import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { boundDatabase } from '../db/tenant.ts';

/**
 * Caches of what every request would otherwise read again: the principal behind a session or an
 * API key, and the permissions a principal holds in a tenant. Each entry carries tags naming what
 * it depends on (`session:<id>`, `user:<id>`, `api_key:<id>`, `agency:<id>`).
 *
 * Invalidation is exact and cross-process: every transaction that changes a session, a user, an API
 * key, or an agency's roles, memberships or sub-accounts moves the database's access epoch forward
 * once and records the tags it touched (triggers, migration 0020). Each request starts with
 * `syncAccessEpoch()`: one indexed read of the changes after the epoch this process has applied,
 * usually none. Their tags drop the entries that name them; a gap (a long idle, a pruned log)
 * drops everything. So a key revoked through one process is refused by every process on the next
 * request that starts after the revocation committed, whatever pooler sits in between.
 *
 * A read inside a tenant (a GET on a route under /sub-accounts/:subAccountId or /agencies/:agencyId)
 * saves that statement: its principal is trusted as of the epoch the process has applied, and its
 * first tenant transaction asserts in its opening round trip that the epoch still holds
 * (`app.assert_access_epoch`, before any statement of the request runs). When it does not, the
 * transaction fails with StaleAccessError and the app applies the changes, resolves the caller
 * again and runs the handler again (app.ts), so the answer is the one a fresh lookup would give.
 */

type Entry<V> = { value: V; tags: readonly string[]; storedAt: number };

export type AccessCacheOptions = {
  /** Entries kept; the least recently used go first. */
  maxEntries?: number;
  /** A bound on age, so nothing lives forever whatever happens. */
  maxAgeMs?: number;
};

const caches = new Set<AccessCache<unknown>>();
/** The highest epoch whose changes this process has applied; undefined until the first sync. */
let appliedEpoch: bigint | undefined;
/** The database that epoch belongs to (test harnesses bind a fresh one per file). */
let syncedDatabase: Database | undefined;
/** Moves on every invalidation, so a load that started before one does not store a stale value. */
let generation = 0;

export class AccessCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;

  constructor(options: AccessCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    caches.add(this as AccessCache<unknown>);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached value, or what `load` returns (stored unless it is null or an invalidation arrived
   * while it loaded). Call after this request's `syncAccessEpoch()`.
   */
  async get(
    key: string,
    load: () => Promise<{ value: V; tags: readonly string[] } | null>,
  ): Promise<V | null> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.storedAt <= this.maxAgeMs) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    if (hit) this.entries.delete(key);
    const startedAt = generation;
    const loaded = await load();
    if (!loaded) return null;
    if (startedAt === generation && appliedEpoch !== undefined) {
      this.entries.set(key, { ...loaded, storedAt: Date.now() });
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return loaded.value;
  }

  /** Replaces a value in place (a session's last-seen time), keeping its tags and age. */
  update(key: string, value: V): void {
    const entry = this.entries.get(key);
    if (entry) entry.value = value;
  }

  invalidate(tags: ReadonlySet<string>): void {
    for (const [key, entry] of this.entries) {
      if (entry.tags.some((tag) => tags.has(tag))) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

function invalidateEverything(): void {
  generation++;
  for (const cache of caches) cache.clear();
}

const CHANGES_AFTER = `
  select e.epoch::text as current, c.epoch::text as epoch, c.tags
    from app.access_epoch e
    left join lateral (
      select epoch, tags from app.access_changes where epoch > $1::bigint order by epoch limit 100
    ) c on true`;

/**
 * Applies the access changes committed since this process last looked. Every request that presents
 * a credential calls it first, before trusting any cache.
 */
export async function syncAccessEpoch(): Promise<void> {
  const database = boundDatabase();
  if (database !== syncedDatabase) {
    syncedDatabase = database;
    appliedEpoch = undefined;
    invalidateEverything();
  }
  const after = appliedEpoch ?? -1n;
  const { rows } = await database.raw.query<{
    current: string;
    epoch: string | null;
    tags: string[] | null;
  }>(CHANGES_AFTER, [after.toString()]);
  const current = BigInt(rows[0]!.current);
  if (database !== syncedDatabase) return;
  if (appliedEpoch !== undefined && current <= appliedEpoch) return;
  // Another request may have applied part of this meanwhile: start from where the process is now.
  const from = appliedEpoch;
  const changes = rows.filter((r) => r.epoch !== null && (from === undefined || BigInt(r.epoch) > from));
  const contiguous =
    from !== undefined &&
    changes.length === Number(current - from) &&
    changes.every((r, i) => BigInt(r.epoch!) === from + BigInt(i) + 1n);
  if (!contiguous) {
    invalidateEverything();
  } else {
    const tags = new Set(changes.flatMap((r) => r.tags ?? []));
    generation++;
    for (const cache of caches) cache.invalidate(tags);
  }
  if (appliedEpoch === undefined || current > appliedEpoch) appliedEpoch = current;
}

/** Thrown by a tenant transaction whose deferred access check found newer changes (see above). */
export class StaleAccessError extends Error {
  constructor() {
    super('Access changed since the caller was resolved; resolve again');
  }
}

/** The SQLSTATE app.assert_access_epoch raises (migration 0020). */
export const STALE_ACCESS_SQLSTATE = 'OL001';

function defersAccessCheck(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    /\/:(subAccountId|agencyId)(\/|$)/.test(request.routeOptions.url ?? '')
  );
}

const deferredAt = new WeakMap<FastifyRequest, bigint>();
const pendingChecks = new WeakMap<object, bigint>();

/**
 * What a credential resolver calls before it trusts its cache: applies the access changes now, or,
 * for a read inside a tenant, leaves the check to the request's first tenant transaction.
 */
export async function accessCheckpoint(request: FastifyRequest): Promise<void> {
  if (
    !resolvedAgain.has(request) &&
    defersAccessCheck(request) &&
    appliedEpoch !== undefined &&
    syncedDatabase === boundDatabase()
  ) {
    if (!deferredAt.has(request)) deferredAt.set(request, appliedEpoch);
    return;
  }
  await syncAccessEpoch();
}

const resolvedAgain = new WeakSet<FastifyRequest>();

/** After StaleAccessError: the caller is resolved again with the changes applied first. */
export function checkAccessNow(request: FastifyRequest): void {
  deferredAt.delete(request);
  resolvedAgain.add(request);
}

/**
 * The request's principal as handlers see it: when its check was deferred, a copy of its own that
 * carries the epoch its first tenant transaction must assert.
 */
export function principalForRequest<P extends object>(request: FastifyRequest, principal: P): P {
  const epoch = deferredAt.get(request);
  if (epoch === undefined) return principal;
  const copy = { ...principal };
  pendingChecks.set(copy, epoch);
  return copy;
}

/** The epoch a tenant transaction acting for this principal must assert, if it is still unchecked. */
export function pendingAccessEpoch(principal: object): bigint | undefined {
  return pendingChecks.get(principal);
}

/**
 * For a principal whose deferred check no transaction made (its request failed first): applies the
 * changes committed since, and says whether there were any, i.e. whether the failure may rest on
 * stale access.
 */
export async function accessChangedSince(principal: object): Promise<boolean> {
  const epoch = pendingChecks.get(principal);
  if (epoch === undefined) return false;
  await syncAccessEpoch();
  return appliedEpoch !== undefined && appliedEpoch > epoch;
}

export function accessChecked(principal: object): void {
  pendingChecks.delete(principal);
}
