import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/platform/config/config.ts';
import { bindPublicUrl } from '../src/platform/http/links.ts';
import { startRuntime } from '../src/runtime.ts';
import { DEMO_LOGINS } from '../src/seed.ts';
import { createTestDatabase } from './test-database.ts';

export type TestServer = {
  url: string;
  demo: {
    platformAdmin: { email: string; password: string };
    agencyOwner: { email: string; password: string };
    subAccountUser: { email: string; password: string };
  };
  stop(): Promise<void>;
};

/**
 * The whole product in this process, listening on a free port: a fresh database (PGlite, or
 * PostgreSQL with TEST_DATABASE_URL), migrations, demo data, the inline worker and the dashboard.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-server-'));
  const database = await createTestDatabase();
  const { DATABASE_URL: _url, DATABASE_DIRECT_URL: _directUrl, ...inherited } = process.env;
  const config = loadConfig({
    ...inherited,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    // Through a pooler (TEST_POOLER_URL), migrations and the job queue go to the server itself.
    ...(database.directUrl ? { DATABASE_DIRECT_URL: database.directUrl } : {}),
    // Server mode must name its email provider; tests read what is sent in the Dev Outbox.
    EMAIL_PROVIDER: 'dev',
    ...env,
  });
  const runtime = await startRuntime(config, { logger: false, database, seed: true });
  const address = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  // Links in emails must point at the port this server actually got.
  const publicUrl = `http://127.0.0.1:${new URL(address).port}`;
  bindPublicUrl(publicUrl);
  return {
    url: publicUrl,
    demo: {
      platformAdmin: DEMO_LOGINS.platformAdmin,
      agencyOwner: DEMO_LOGINS.agencyOwner,
      subAccountUser: DEMO_LOGINS.subAccountUser,
    },
    async stop() {
      await runtime.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
