import { AsyncLocalStorage } from 'node:async_hooks';
import { isUuid } from '../ids/ids.ts';
import type { SQL } from 'drizzle-orm';
import type { Database, SqlClient, TransactionOptions, Tx } from './database.ts';

/** The role every tenant transaction switches to: owns nothing, cannot bypass row-level security. */
export const RUNTIME_ROLE = 'openlevel_app';

export type TenantScope = {
  agencyId: string;
  /** Absent for agency-level work (managing sub-accounts, agency users). */
  subAccountId?: string | undefined;
  /** Recorded as the acting user by the audit trigger. */
  userId?: string | undefined;
  /**
   * Who acts, as the audit log records it: `user:<id>`, `api_key:<id>` or `system:<work>`
   * (see actorLabel in platform/access).
   */
  actor?: string | undefined;
  /**
   * The access epoch the caller was resolved at, when that was not checked yet: the transaction's
   * opening round trip asserts it still holds (platform/auth/access-cache.ts).
   */
  accessEpoch?: bigint | undefined;
  /** The work only reads: a write fails, and on PostgreSQL it costs no BEGIN or COMMIT (database.ts). */
  readOnly?: boolean | undefined;
};

const ACTOR = /^(user|api_key|system):[a-z0-9_.-]+$/;

type Active = { tx: Tx; raw: SqlClient; scope: TenantScope | 'system' };

const active = new AsyncLocalStorage<Active>();

let database: Database | undefined;

/** Called once at start-up (and by each test harness) with the process's database. */
export function bindDatabase(db: Database): void {
  database = db;
}

export function boundDatabase(): Database {
  if (!database) throw new Error('No database bound: call bindDatabase() at start-up');
  return database;
}

function uuidOrEmpty(value: string | undefined, name: string): string {
  if (value === undefined) return '';
  // The ids are interpolated into SET LOCAL (which takes no parameters), so only a strict UUID passes.
  if (!isUuid(value)) throw new Error(`Invalid ${name} for tenant context: ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

export function tenantContextSql(scope: TenantScope): string {
  const agencyId = uuidOrEmpty(scope.agencyId, 'agencyId');
  const subAccountId = uuidOrEmpty(scope.subAccountId, 'subAccountId');
  const userId = uuidOrEmpty(scope.userId, 'userId');
  if (!agencyId) throw new Error('Tenant context needs an agencyId');
  const actor = scope.actor?.toLowerCase() ?? '';
  // Interpolated like the ids, so only the label's own alphabet passes.
  if (actor && !ACTOR.test(actor))
    throw new Error(`Invalid actor for tenant context: ${JSON.stringify(actor)}`);
  return (
    (scope.readOnly ? 'SET TRANSACTION READ ONLY;' : '') +
    `SET LOCAL app.agency_id = '${agencyId}';` +
    `SET LOCAL app.sub_account_id = '${subAccountId}';` +
    `SET LOCAL app.user_id = '${userId}';` +
    `SET LOCAL app.actor = '${actor}';` +
    // A bigint, so interpolating it is safe; before the role switch, as the owner reads the epoch.
    (scope.accessEpoch === undefined ? '' : `SELECT app.assert_access_epoch(${BigInt(scope.accessEpoch)});`) +
    `SET LOCAL ROLE ${RUNTIME_ROLE}`
  );
}

function run<T>(
  setup: string,
  scope: Active['scope'],
  fn: () => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (active.getStore()) {
    // Nesting would open a second connection (PostgreSQL) or deadlock (PGlite): join the outer one.
    throw new Error('A transaction is already open in this context; call the service inside it');
  }
  return boundDatabase().transaction(setup, (tx, raw) => active.run({ tx, raw, scope }, fn), options);
}

/** Runs `fn` in one transaction as the runtime role, seeing only the scope's rows. */
export function withTenant<T>(scope: TenantScope, fn: () => Promise<T>): Promise<T> {
  return run(tenantContextSql(scope), scope, fn, { readOnly: scope.readOnly });
}

/**
 * Runs `fn` in one transaction as the connection's own role, which bypasses row-level security.
 * Only for work that is cross-tenant by nature: login, session and API-key lookup, invitation
 * acceptance, the outbox dispatcher, seeding.
 */
export function withSystem<T>(fn: () => Promise<T>): Promise<T> {
  return run('', 'system', fn);
}

/**
 * Runs `fn` as the system without a transaction: each statement commits on its own. For the
 * per-request credential lookups, which are single reads (a transaction would add two round trips
 * to every request); anything that must be atomic uses withSystem.
 */
export function withSystemAutocommit<T>(fn: () => Promise<T>): Promise<T> {
  if (active.getStore()) throw new Error('A transaction is already open in this context');
  const db = boundDatabase();
  return active.run({ tx: db.autocommit, raw: db.raw, scope: 'system' }, fn);
}

/** The current transaction's Drizzle handle; repositories get it here and nowhere else. */
export function tx(): Tx {
  const store = active.getStore();
  if (!store) throw new Error('No open transaction: wrap the call in withTenant() or withSystem()');
  return store.tx;
}

/**
 * The rows of a statement written with Drizzle's `sql` template, in the current transaction:
 * `await txRows<{ id: string }>(sql\`select id from ... where x = ${value}\`)`. Column names
 * come back as the statement names them; timestamps of a raw statement arrive as text.
 */
export async function txRows<T>(query: SQL): Promise<T[]> {
  return ((await tx().execute(query)) as unknown as { rows: T[] }).rows;
}

/** The current transaction's plain SQL client (for statements Drizzle cannot express). */
export function txSql(): SqlClient {
  const store = active.getStore();
  if (!store) throw new Error('No open transaction: wrap the call in withTenant() or withSystem()');
  return store.raw;
}

export function inTransaction(): boolean {
  return active.getStore() !== undefined;
}
