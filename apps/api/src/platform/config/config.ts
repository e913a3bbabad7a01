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
  ENCRYPTION_KEY: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  EMAIL_PROVIDER: z.enum(['dev', 'smtp']).default('dev'),
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().default('OpenLevel <no-reply@openlevel.local>'),
  WORKER: z.enum(['inline', 'off']).default('inline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  encryptionKey: string | undefined;
  publicUrl: string;
  email: { provider: 'dev' | 'smtp'; smtpUrl: string | undefined; from: string };
  worker: 'inline' | 'off';
  logLevel: string;
  seedDemo: boolean;
  rateLimitPerMinute: number;
  cookieSecure: boolean;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.EMAIL_PROVIDER === 'smtp' && !e.SMTP_URL) {
    throw new ConfigError('EMAIL_PROVIDER=smtp needs SMTP_URL, e.g. smtp://user:pass@mail.example.com:587');
  }
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    encryptionKey: e.ENCRYPTION_KEY,
    publicUrl,
    email: { provider: e.EMAIL_PROVIDER, smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM },
    worker: e.WORKER,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO === 'auto',
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? publicUrl.startsWith('https:') : e.COOKIE_SECURE === 'true',
  };
}
