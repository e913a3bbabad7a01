import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { inlineParams } from './inline-params.ts';

/** The Drizzle handle that repositories build queries on: always one transaction's connection. */
export type Tx = PgDatabase<PgQueryResultHKT>;

export type QueryResult<T> = { rows: T[]; affectedRows: number };

/** Plain SQL access, for platform code: migrations, the job queue, tests and benchmarks. */
export type SqlClient = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements; no parameters. */
  exec(script: string): Promise<void>;
};

export type TransactionOptions = {
  /**
   * The work only reads (its setup says `SET TRANSACTION READ ONLY`, so a write fails loudly). On
   * PostgreSQL each statement then goes alone, with the setup in front, as its own implicit
   * transaction: no BEGIN or COMMIT round trips. Under READ COMMITTED every statement of a
   * transaction takes its own snapshot anyway, so a reader sees exactly what it would have.
   */
  readOnly?: boolean;
};

export type Database = {
  kind: 'pglite' | 'postgres';
  /** The global handle. Never handed to module code: modules only ever see a transaction. */
  raw: SqlClient;
  /** Drizzle over the global handle, each statement its own transaction; see withSystemAutocommit. */
  autocommit: Tx;
  /**
   * Runs `fn` in one transaction. `setup` (trusted SQL, several statements allowed) runs first in
   * the same round trip as BEGIN on PostgreSQL, which keeps tenant context cheap.
   */
  transaction<T>(
    setup: string,
    fn: (tx: Tx, raw: SqlClient) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /** Runs `fn` with one connection held for its duration (session-level advisory locks). */
  withConnection<T>(fn: (raw: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Present on the embedded backend only (template cloning in tests, the job queue executor). */
  pglite?: PGlite;
};

export const pgliteExtensions = { btree_gin, citext, pg_trgm, pgcrypto, uuid_ossp };

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function pgliteSql(client: PgliteLike): SqlClient {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query<T>(text, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(script: string) {
      await client.exec(script);
    },
  };
}

function pgSql(client: pg.Pool | pg.PoolClient): SqlClient {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query(text, params);
      return { rows: result.rows as T[], affectedRows: result.rowCount ?? 0 };
    },
    async exec(script: string) {
      await client.query(script);
    },
  };
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Database> {
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: pgliteExtensions,
  });
  const raw = pgliteSql(pglite);
  return {
    kind: 'pglite',
    raw,
    autocommit: drizzlePglite(pglite) as unknown as Tx,
    pglite,
    async transaction(setup, fn) {
      return pglite.transaction(async (ptx) => {
        if (setup) await ptx.exec(setup);
        // drizzle's PGlite session only calls query() on its client, which a PGlite transaction has.
        const tx = drizzlePglite(ptx as unknown as PGlite) as unknown as Tx;
        return fn(tx, pgliteSql(ptx));
      });
    },
    async withConnection(fn) {
      return fn(raw);
    },
    async close() {
      await pglite.close();
    },
  };
}

type QueryConfig = { text: string; values?: unknown[]; name?: string; queryMode?: string; rowMode?: string };

/**
 * The transaction's connection, as drizzle and txSql see it: BEGIN and the tenant context are not
 * sent on their own but in front of the first statement, in one simple-protocol round trip, with
 * that statement's parameters inlined as literals (inline-params.ts). A request that reads one row
 * then costs two round trips (that one and COMMIT) instead of three. A statement that cannot be
 * inlined (binary values, a named prepared statement) goes after a BEGIN of its own.
 */
/**
 * Sends `prefix` (trusted statements) and the statement in one simple-protocol round trip, with the
 * statement's parameters inlined as literals, and answers the statement's own result; undefined,
 * having sent nothing, when the statement cannot be inlined (binary values, a named statement).
 */
async function withPrefix(
  client: pg.PoolClient,
  prefix: string,
  config: string | QueryConfig,
  values: unknown[] | undefined,
): Promise<unknown> {
  const { values: configValues, ...rest } = typeof config === 'string' ? { text: config } : config;
  const inlined =
    rest.name || rest.queryMode ? undefined : inlineParams(rest.text, values ?? configValues ?? []);
  if (inlined === undefined) return undefined;
  const results = (await client.query({
    ...rest,
    text: `${prefix};${inlined}`,
  })) as unknown as pg.QueryResult[];
  const own = results.slice(prefix.split(';').length);
  return own.length === 1 ? own[0] : own;
}

function deferredBegin(client: pg.PoolClient, begin: string) {
  let pending: string | undefined = begin;
  const query = async (config: string | QueryConfig, values?: unknown[]): Promise<unknown> => {
    if (pending === undefined) return client.query(config as string, values);
    const prefix = pending;
    pending = undefined;
    const sent = await withPrefix(client, prefix, config, values);
    if (sent !== undefined) return sent;
    await client.query(prefix);
    return client.query(config as string, values);
  };
  return { client: { query }, begun: () => pending === undefined };
}

/** A read-only transaction on PostgreSQL: every statement alone, behind the setup (see TransactionOptions). */
function statementsAlone(client: pg.PoolClient, setup: string) {
  let sent = false;
  let broken: Error | undefined;
  const query = async (config: string | QueryConfig, values?: unknown[]): Promise<unknown> => {
    sent = true;
    const alone = await withPrefix(client, setup, config, values);
    if (alone !== undefined) return alone;
    await client.query(`BEGIN;${setup}`);
    try {
      const result = await client.query(config as string, values);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    }
  };
  return { client: { query }, sent: () => sent, broken: () => broken };
}

export type PostgresOptions = {
  poolSize?: number;
};

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const poolSize = options.poolSize ?? 10;
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'openlevel' });
  pool.on('error', (error) => console.error('PostgreSQL pool error', error));
  await pool.query('select 1');
  return {
    kind: 'postgres',
    raw: pgSql(pool),
    autocommit: drizzlePg({ client: pool }) as unknown as Tx,
    async transaction(setup, fn, options = {}) {
      const client = await pool.connect();
      if (options.readOnly && setup) {
        const alone = statementsAlone(client, setup);
        try {
          const sql = alone.client as unknown as pg.PoolClient;
          const result = await fn(drizzlePg({ client: sql }) as unknown as Tx, pgSql(sql));
          // Nothing sent: the setup still runs once, for what it asserts.
          if (!alone.sent()) await alone.client.query('select 1');
          return result;
        } finally {
          client.release(alone.broken());
        }
      }
      const lazy = deferredBegin(client, setup ? `BEGIN;${setup}` : 'BEGIN');
      let broken: Error | undefined;
      try {
        const tx = drizzlePg({ client: lazy.client as unknown as pg.PoolClient }) as unknown as Tx;
        const result = await fn(tx, pgSql(lazy.client as unknown as pg.PoolClient));
        // A transaction that sent nothing has nothing to commit, unless its setup checks something.
        if (!lazy.begun() && setup) await lazy.client.query('select 1');
        if (lazy.begun()) await client.query('COMMIT');
        return result;
      } catch (error) {
        if (lazy.begun()) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError as Error;
          }
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(pgSql(client));
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
