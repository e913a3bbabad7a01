import path from 'node:path';
import { buildApp, type App } from './app.ts';
import type { Config } from './platform/config/config.ts';
import { bindKeyring, loadKeyring } from './platform/crypto/secrets.ts';
import { type Database, openPglite, openPostgres } from './platform/db/database.ts';
import { lockDataFolder } from './platform/db/data-lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { bindDatabase } from './platform/db/tenant.ts';
import { bindPublicUrl } from './platform/http/links.ts';
import { runWorkerProcess, startJobQueue, startWorker } from './platform/jobs/worker.ts';
import { jobs, startProviders, subscribers } from './composition.ts';
import { syncPermissionCatalogue } from './modules/access/index.ts';
import { seedDemoIfEmpty } from './seed.ts';

export type Runtime = {
  config: Config;
  database: Database;
  app: App;
  /** Stops taking requests, lets running jobs finish, closes the database. */
  stop(): Promise<void>;
};

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export async function openDatabase(config: Config): Promise<{ database: Database; release: () => void }> {
  if (config.databaseUrl) {
    const database = await openPostgres(config.databaseUrl, { poolSize: config.databasePoolSize });
    return { database, release: () => {} };
  }
  const release = lockDataFolder(config.dataDir);
  try {
    const database = await openPglite({ dataDir: path.join(config.dataDir, 'pglite') });
    return { database, release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * The database for what holds session-level advisory locks, migrations and the job queue (its setup
 * lock; pg-boss's polling and supervision come along, as the queue has one database): the server
 * itself when DATABASE_DIRECT_URL is set, since DATABASE_URL is then a transaction pooler, which may
 * run each statement of a connection on a different server connection. Two connections: the queue
 * holds one for its setup lock while it installs on the other. Otherwise the process's own database.
 */
async function openSessionDatabase(
  config: Config,
  database: Database,
): Promise<{ database: Database; close: () => Promise<void> }> {
  if (!config.databaseDirectUrl) return { database, close: async () => {} };
  const direct = await openPostgres(config.databaseDirectUrl, { poolSize: 2 });
  return { database: direct, close: () => direct.close() };
}

/** For the one-role commands (migrate, seed, worker): with DATABASE_DIRECT_URL, all of it goes there. */
function directConfig(config: Config): Config {
  return config.databaseDirectUrl ? { ...config, databaseUrl: config.databaseDirectUrl } : config;
}

/**
 * What every process does first, whatever its role: the keyring (a server without ENCRYPTION_KEY
 * refuses before touching its database), the database, the public URL.
 */
async function bootProcess(
  config: Config,
  database?: Database,
): Promise<{ database: Database; release: () => void; owned: boolean }> {
  bindKeyring(
    await loadKeyring({
      encryptionKey: config.encryptionKey,
      dataDir: config.dataDir,
      embedded: !config.databaseUrl,
    }),
  );
  const opened = database ? { database, release: () => {} } : await openDatabase(config);
  bindDatabase(opened.database);
  bindPublicUrl(config.publicUrl);
  return { ...opened, owned: !database };
}

/**
 * Everything `npm start` does before listening: the process (keyring, database), migrations,
 * permission catalogue, demo data, providers, job queue and (by default) the in-process worker,
 * all from the modules composition.ts lists.
 */
export async function startRuntime(
  config: Config,
  options: { logger?: boolean; logStream?: NodeJS.WritableStream; database?: Database; seed?: boolean } = {},
): Promise<Runtime> {
  const booted = await bootProcess(config, options.database);
  const { database } = booted;
  const session = await openSessionDatabase(config, database);
  await migrate(session.database);
  await syncPermissionCatalogue();
  if (options.seed ?? config.seedDemo) await seedDemoIfEmpty();

  const providers = startProviders(config);
  // The queue's own statements go to the session database; a job sent inside a request's
  // transaction is inserted by that transaction, and job handlers run on the bound database.
  const worker =
    config.worker === 'inline'
      ? await startWorker({ database: session.database, jobs, dispatcher: { registry: subscribers } })
      : undefined;
  const queue = worker ? undefined : await startJobQueue({ database: session.database, jobs });

  const app = await buildApp(config, { logger: options.logger, logStream: options.logStream });
  let stopping: Promise<void> | undefined;
  return {
    config,
    database,
    app,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await worker?.stop();
        await queue?.stop();
        await providers.close();
        await session.close();
        if (booted.owned) await database.close();
        booted.release();
      })();
      return stopping;
    },
  };
}

/**
 * `main.ts worker`: the jobs and subscribers of every module, on a shared PostgreSQL database. Its
 * job queue and its jobs share one database (runWorkerProcess), so with DATABASE_DIRECT_URL the
 * whole process connects there rather than through the pooler.
 */
export async function runWorker(config: Config): Promise<void> {
  const { database } = await bootProcess(directConfig(config));
  const providers = startProviders(config);
  await runWorkerProcess({ database, jobs, dispatcher: { registry: subscribers } });
  await providers.close();
  await database.close();
}

/** `main.ts migrate` and `main.ts seed`: migrations and the permission catalogue, then the demo. */
export async function runMigrations(config: Config, options: { seed: boolean }): Promise<void> {
  // Migrations hold a session-level advisory lock: past the pooler when DATABASE_DIRECT_URL is set.
  const { database, release } = await bootProcess(directConfig(config));
  try {
    const ran = await migrate(database);
    console.log(
      ran.length ? `Applied ${ran.length} migration(s): ${ran.join(', ')}` : 'Database is up to date',
    );
    await syncPermissionCatalogue();
    if (options.seed) {
      console.log(
        (await seedDemoIfEmpty()) ? 'Demo data seeded' : 'Database already has data; nothing seeded',
      );
    }
  } finally {
    await database.close();
    release();
  }
}
