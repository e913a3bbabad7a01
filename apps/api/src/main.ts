import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './platform/config/config.ts';
import { DataFolderLockedError } from './platform/db/data-lock.ts';
import { renderEventsDoc } from './platform/events/events-doc.ts';
import { events, subscribers } from './composition.ts';
import { runMigrations, runWorker, startRuntime } from './runtime.ts';
import { DEMO_LOGINS, demoExists } from './seed.ts';

/** One entry point, several roles: `serve` (default), `worker`, `migrate`, `seed`, `openapi`, `events`. */
const USAGE = 'usage: main.ts [serve|worker|migrate|seed|openapi|events]';

export const OPENAPI_FILE = path.resolve(import.meta.dirname, '../../../docs/api/openapi.json');
export const EVENTS_FILE = path.resolve(import.meta.dirname, '../../../docs/events.md');

async function serve(): Promise<void> {
  const config = loadConfig();
  const runtime = await startRuntime(config);
  const address = await runtime.app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
  const lines = [
    '',
    `  OpenLevel is running on ${config.publicUrl}  (listening on ${address})`,
    `  Database: ${where}; worker: ${config.worker === 'inline' ? 'in this process' : 'separate'}`,
    `  API docs: ${config.publicUrl}/api/docs`,
  ];
  if (await demoExists()) {
    lines.push(
      '  Demo logins:',
      `    platform admin    ${DEMO_LOGINS.platformAdmin.email} / ${DEMO_LOGINS.platformAdmin.password}`,
      `    agency owner      ${DEMO_LOGINS.agencyOwner.email} / ${DEMO_LOGINS.agencyOwner.password}`,
      `    sub-account user  ${DEMO_LOGINS.subAccountUser.email} / ${DEMO_LOGINS.subAccountUser.password}  (${DEMO_LOGINS.subAccountUser.role})`,
    );
  }
  console.log(`${lines.join('\n')}\n`);
  const shutdown = async (signal: string) => {
    console.log(`${signal} received: finishing requests and jobs`);
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

async function worker(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'A separate worker needs DATABASE_URL: the embedded database belongs to one process, whose worker runs inline',
    );
  }
  await runWorker(config);
}

/** Writes the OpenAPI document; CI checks the committed one matches. Needs no database. */
async function openapi(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await buildApp(config, { logger: false });
  await app.ready();
  await mkdir(path.dirname(OPENAPI_FILE), { recursive: true });
  await writeFile(OPENAPI_FILE, `${JSON.stringify(app.swagger(), null, 2)}\n`);
  await app.close();
  console.log(`Wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}

/**
 * Writes docs/events.md from the event catalogue and the subscribers of every module (composition.ts);
 * CI checks the committed one matches.
 */
async function eventsDoc(): Promise<void> {
  await writeFile(EVENTS_FILE, renderEventsDoc(events, subscribers));
  console.log(`Wrote ${path.relative(process.cwd(), EVENTS_FILE)}`);
}

const commands: Record<string, () => Promise<void>> = {
  serve,
  worker,
  migrate: () => runMigrations(loadConfig(), { seed: false }),
  seed: () => runMigrations(loadConfig(), { seed: true }),
  openapi,
  events: eventsDoc,
};

const command = commands[process.argv[2] ?? 'serve'];
if (!command) {
  console.error(USAGE);
  process.exit(2);
}
command().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataFolderLockedError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
