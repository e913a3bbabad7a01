import path from 'node:path';
import { buildApp, type App } from './app.ts';
import type { Config } from './platform/config/config.ts';
import { bindKeyring, loadKeyring } from './platform/crypto/secrets.ts';
import { type Database, openPglite, openPostgres } from './platform/db/database.ts';
import { lockDataFolder } from './platform/db/data-lock.ts';
import { migrate } from './platform/db/migrate.ts';
import { bindDatabase } from './platform/db/tenant.ts';
import { bindPublicUrl } from './platform/http/links.ts';
import { startJobQueue, startWorker } from './platform/jobs/worker.ts';
import { createEmailProvider } from './platform/providers/email/index.ts';
import { syncPermissionCatalogue } from './modules/access/index.ts';
import { devOutbox } from './modules/dev-outbox/index.ts';
import { subscribers } from './modules/events.ts';
import { bindEmailProvider } from './modules/notifications/index.ts';
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
    return { database: await openPostgres(config.databaseUrl, config.databasePoolSize), release: () => {} };
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
 * Everything `npm start` does before listening: database, migrations, permission catalogue,
 * keyring, demo data, email provider, job queue and (by default) the in-process worker.
 */
export async function startRuntime(
  config: Config,
  options: { logger?: boolean; logStream?: NodeJS.WritableStream; database?: Database; seed?: boolean } = {},
): Promise<Runtime> {
  // The keyring first: a server without ENCRYPTION_KEY must refuse before touching its database.
  bindKeyring(
    await loadKeyring({
      encryptionKey: config.encryptionKey,
      dataDir: config.dataDir,
      embedded: !config.databaseUrl,
    }),
  );
  const opened = options.database
    ? { database: options.database, release: () => {} }
    : await openDatabase(config);
  const { database } = opened;
  bindDatabase(database);
  bindPublicUrl(config.publicUrl);
  await migrate(database);
  await syncPermissionCatalogue();
  if (options.seed ?? config.seedDemo) await seedDemoIfEmpty();

  const emailProvider = createEmailProvider(config, { devOutbox });
  bindEmailProvider(emailProvider);
  const worker =
    config.worker === 'inline'
      ? await startWorker({ database, dispatcher: { registry: subscribers } })
      : undefined;
  const queue = worker ? undefined : await startJobQueue({ database });

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
        await emailProvider.close();
        if (!options.database) await database.close();
        opened.release();
      })();
      return stopping;
    },
  };
}
