import type { LightMyRequestResponse } from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureUser } from '../src/modules/identity/index.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { withSystem } from '../src/platform/db/tenant.ts';
import { startRuntime, type Runtime } from '../src/runtime.ts';
import { seedTwoTenants, type Tenant } from './fixtures.ts';
import { createTestDatabase } from './test-database.ts';

export type Call = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  as?: string | { apiKey: string } | undefined;
  headers?: Record<string, string>;
};

export type TestApp = {
  runtime: Runtime;
  a: Tenant;
  b: Tenant;
  /** A platform administrator (password: the tenants' password): the only reader of platform mail. */
  adminEmail: string;
  /** Logs in (once per email) and returns the session cookie header value. */
  cookieFor(email: string, password?: string): Promise<string>;
  call(call: Call): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
};

/**
 * The real app (every plugin, module and the inline worker) over a fresh database holding two
 * tenants, driven with `app.inject` — no sockets, same code path as production.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { logStream?: NodeJS.WritableStream; seedDemo?: boolean } = {},
): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-app-'));
  const database = await createTestDatabase();
  const { DATABASE_URL: _url, DATABASE_DIRECT_URL: _directUrl, ...inherited } = process.env;
  const config = loadConfig({
    ...inherited,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    // Through a pooler (TEST_POOLER_URL), migrations and the job queue go to the server itself.
    ...(database.directUrl ? { DATABASE_DIRECT_URL: database.directUrl } : {}),
    // Server mode must name its email provider; tests read what is sent in the Dev Outbox.
    EMAIL_PROVIDER: 'dev',
    ...env,
  });
  const runtime = await startRuntime(config, {
    logger: options.logStream !== undefined,
    logStream: options.logStream,
    database,
    seed: options.seedDemo ?? false,
  });
  await runtime.app.ready();
  const { a, b, stop: stopFixtures } = await seedTwoTenants();
  const adminEmail = 'admin@platform.example';
  await withSystem(() =>
    ensureUser({ email: adminEmail, name: 'Platform Admin', password: a.password, isPlatformAdmin: true }),
  );
  const cookies = new Map<string, string>();

  async function cookieFor(email: string, password = a.password): Promise<string> {
    const known = cookies.get(email);
    if (known) return known;
    const response = await runtime.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    if (response.statusCode !== 200)
      throw new Error(`login ${email}: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'ol_session');
    if (!cookie) throw new Error('no session cookie');
    const value = `ol_session=${cookie.value}`;
    cookies.set(email, value);
    return value;
  }

  async function call({ method = 'GET', url, body, as, headers = {} }: Call) {
    const auth: Record<string, string> =
      as === undefined
        ? {}
        : typeof as === 'string'
          ? { cookie: await cookieFor(as) }
          : { authorization: `Bearer ${as.apiKey}` };
    return runtime.app.inject({
      method,
      url,
      headers: { ...auth, ...headers },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
  }

  return {
    runtime,
    a,
    b,
    adminEmail,
    cookieFor,
    call,
    async stop() {
      await stopFixtures();
      await runtime.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
