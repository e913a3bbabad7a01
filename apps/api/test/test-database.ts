import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../src/platform/db/database.ts';
import { migrate, readMigrations } from '../src/platform/db/migrate.ts';
import { bindDatabase } from '../src/platform/db/tenant.ts';
import { newId } from '../src/platform/ids/ids.ts';

/**
 * A fresh database per test file, cloned from a migrated template (graphile-worker's pattern):
 * PostgreSQL when TEST_DATABASE_URL is set (CREATE DATABASE ... TEMPLATE), PGlite otherwise (a
 * dump of a migrated data folder, loaded into a new in-memory instance).
 *
 * With TEST_POOLER_URL as well (a PgBouncer in transaction mode in front of that server, e.g.
 * postgres://postgres@127.0.0.1:6432/postgres; scripts/pgbouncer.sh starts one), the database is
 * still created and migrated over TEST_DATABASE_URL, but opened through the pooler: `url` is then
 * the pooler's, and `directUrl` the server's, for what needs a session (migrations, the job queue).
 */
export type TestDatabase = Database & {
  /** What the product connects to (DATABASE_URL); absent on PGlite. */
  url?: string;
  /** Set when `url` is a pooler: the same database on the server itself (DATABASE_DIRECT_URL). */
  directUrl?: string;
  drop(): Promise<void>;
};

async function migrationsHash(): Promise<string> {
  const files = await readMigrations();
  return createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 12);
}

async function pgliteTemplate(hash: string): Promise<Blob> {
  const dir = path.join(os.tmpdir(), 'openlevel-test-templates');
  const file = path.join(dir, `pglite-${hash}.tar.gz`);
  await mkdir(dir, { recursive: true });
  const existing = await stat(file).catch(() => undefined);
  if (!existing) {
    // Several test processes may build it at once; each writes its own file and renames atomically.
    const db = await openPglite();
    await migrate(db);
    const dump = await db.pglite!.dumpDataDir('gzip');
    const tmp = `${file}.${process.pid}.${Date.now()}`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, file);
    await db.close();
  }
  return new Blob([await readFile(file)]);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function postgresTemplate(adminUrl: string, hash: string): Promise<string> {
  const name = `openlevel_template_${hash}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(727384002)');
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await admin.query(`create database ${name}`);
      const db = await openPostgres(withDatabase(adminUrl, name), { poolSize: 2 });
      try {
        await migrate(db);
      } catch (error) {
        await db.close();
        await admin.query(`drop database ${name}`);
        throw error;
      }
      await db.close();
    }
  } finally {
    await admin.query('select pg_advisory_unlock(727384002)');
    await admin.end();
  }
  return name;
}

export async function createTestDatabase(options: { bind?: boolean } = {}): Promise<TestDatabase> {
  const hash = await migrationsHash();
  const adminUrl = process.env.TEST_DATABASE_URL;
  const poolerUrl = process.env.TEST_POOLER_URL;
  if (poolerUrl && !adminUrl)
    throw new Error('TEST_POOLER_URL needs TEST_DATABASE_URL (the server behind it)');
  let db: TestDatabase;
  if (adminUrl) {
    const template = await postgresTemplate(adminUrl, hash);
    const name = `openlevel_test_${newId().replaceAll('-', '').slice(-16)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const directUrl = withDatabase(adminUrl, name);
    const url = poolerUrl ? withDatabase(poolerUrl, name) : directUrl;
    const inner = await openPostgres(url, { poolSize: 5 });
    db = {
      ...inner,
      url,
      ...(poolerUrl ? { directUrl } : {}),
      async drop() {
        await inner.close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  } else {
    const inner = await openPglite({ loadDataDir: await pgliteTemplate(hash) });
    db = { ...inner, drop: () => inner.close() };
  }
  if (options.bind !== false) bindDatabase(db);
  return db;
}

export async function removeTemplates(): Promise<void> {
  await rm(path.join(os.tmpdir(), 'openlevel-test-templates'), { recursive: true, force: true });
}
