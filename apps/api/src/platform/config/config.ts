import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable OpenLevel reads, in one place. The README's configuration table
 * mirrors this schema; `loadConfig` fails fast with a message naming each bad variable.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // With DATABASE_URL pointing at a transaction pooler (PgBouncer), the server itself, for the work
  // that holds session-level advisory locks: migrations and the job queue.
  DATABASE_DIRECT_URL: z.string().url().optional(),
  ENCRYPTION_KEY: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  // No default: embedded mode means dev, server mode must say (see loadConfig).
  EMAIL_PROVIDER: z.enum(['dev', 'smtp']).optional(),
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().default('OpenLevel <no-reply@openlevel.local>'),
  WORKER: z.enum(['inline', 'off']).default('inline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.string().trim().default('false'),
});

export class ConfigError extends Error {}

/**
 * What Fastify's `trustProxy` gets: false (the peer's address is the client's), a hop count, or the
 * addresses/CIDRs of the proxies. `true` is refused: trusting every hop would let any client choose
 * its own address with X-Forwarded-For, and with it escape every per-address limit.
 */
export type TrustProxy = false | number | string[];

function parseTrustProxy(value: string): TrustProxy {
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true') {
    throw new ConfigError(
      'TRUST_PROXY=true would trust X-Forwarded-For from any client; give the number of proxies in ' +
        'front of OpenLevel (e.g. TRUST_PROXY=1) or their addresses (e.g. TRUST_PROXY=10.0.0.0/8,127.0.0.1)',
    );
  }
  const addresses = value.split(',').map((a) => a.trim());
  const address = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)(\/\d{1,3})?$/i;
  const bad = addresses.filter((a) => !address.test(a));
  if (bad.length > 0) {
    throw new ConfigError(
      `TRUST_PROXY: ${bad.join(', ')} is not an address; give a hop count (e.g. 1) or comma-separated ` +
        'proxy addresses or CIDRs (e.g. 10.0.0.0/8,127.0.0.1)',
    );
  }
  return addresses;
}

/**
 * Embedded mode keeps emails in the Dev Outbox. A server never falls into it silently: it would
 * keep real users' reset links in a table instead of sending them.
 */
function emailProviderOf(e: z.infer<typeof envSchema>): 'dev' | 'smtp' {
  if (e.EMAIL_PROVIDER) return e.EMAIL_PROVIDER;
  if (e.SMTP_URL) return 'smtp';
  if (!e.DATABASE_URL) return 'dev';
  throw new ConfigError(
    'With DATABASE_URL set, say how emails leave: EMAIL_PROVIDER=smtp with ' +
      'SMTP_URL=smtp://user:pass@mail.example.com:587, or EMAIL_PROVIDER=dev to keep them in the ' +
      'Dev Outbox (development and testing only)',
  );
}

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Migrations and the job queue connect here when set (DATABASE_URL is then a pooler). */
  databaseDirectUrl: string | undefined;
  encryptionKey: string | undefined;
  publicUrl: string;
  email: { provider: 'dev' | 'smtp'; smtpUrl: string | undefined; from: string };
  trustProxy: TrustProxy;
  worker: 'inline' | 'off';
  logLevel: string;
  seedDemo: boolean;
  rateLimitPerMinute: number;
  cookieSecure: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const emailProvider = emailProviderOf(e);
  if (emailProvider === 'smtp' && !e.SMTP_URL) {
    throw new ConfigError('EMAIL_PROVIDER=smtp needs SMTP_URL, e.g. smtp://user:pass@mail.example.com:587');
  }
  if (e.DATABASE_DIRECT_URL && !e.DATABASE_URL) {
    throw new ConfigError('DATABASE_DIRECT_URL goes with DATABASE_URL (the pooler it bypasses)');
  }
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseDirectUrl: e.DATABASE_DIRECT_URL,
    encryptionKey: e.ENCRYPTION_KEY,
    publicUrl,
    email: { provider: emailProvider, smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    worker: e.WORKER,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO === 'auto',
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? publicUrl.startsWith('https:') : e.COOKIE_SECURE === 'true',
  };
}
