/**
 * Starts the product for the browser test: `startTestServer()` from apps/api/test/server.ts when
 * the API exports it, else `tsx apps/api/src/main.ts serve` as a child process on a free port with
 * a throwaway data folder, reading the demo logins it prints. E2E_URL (with E2E_OWNER_EMAIL and
 * E2E_OWNER_PASSWORD) uses a product that is already running instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Login = { email: string; password: string };

export type TestServer = {
  url: string;
  demo: { platformAdmin: Login; agencyOwner: Login; subAccountUser: Login };
  stop(): Promise<void>;
};

type StartTestServer = () => Promise<TestServer>;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function startProduct(): Promise<TestServer> {
  // E2E_URL points the test at a product that is already running (e.g. `npm run dev`).
  const external = process.env.E2E_URL;
  if (external) {
    const owner = {
      email: process.env.E2E_OWNER_EMAIL ?? 'owner@demo.openlevel.local',
      password: process.env.E2E_OWNER_PASSWORD ?? '',
    };
    return {
      url: external.replace(/\/$/, ''),
      demo: {
        platformAdmin: {
          email: process.env.E2E_ADMIN_EMAIL ?? 'admin@demo.openlevel.local',
          password: process.env.E2E_ADMIN_PASSWORD ?? owner.password,
        },
        agencyOwner: owner,
        subAccountUser: owner,
      },
      stop: async () => undefined,
    };
  }
  const harness = path.join(repoRoot, 'apps/api/test/server.ts');
  if (existsSync(harness)) {
    // A computed specifier: the harness is another engineer's file and may not exist yet.
    const mod = (await import(pathToFileURL(harness).href)) as { startTestServer?: StartTestServer };
    if (typeof mod.startTestServer === 'function') return mod.startTestServer();
  }
  return startChildProcess();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Finds "email ... password" pairs in the start-up banner, whatever its exact wording. */
export function parseDemoLogins(output: string): Login[] {
  const logins: Login[] = [];
  const pattern =
    /([\w.+-]+@[\w.-]+\.[a-z]+)\S*\s+(?:\/|password[:=]?|\s|,|\|)*\s*(?:password[:=]?\s*)?([^\s,|]{6,})/gi;
  for (const match of output.matchAll(pattern)) {
    const [, email, password] = match;
    if (email && password && !password.includes('@') && !/^https?:/.test(password))
      logins.push({ email, password });
  }
  return logins;
}

async function startChildProcess(): Promise<TestServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'openlevel-e2e-'));
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      EMAIL_PROVIDER: 'dev',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 120_000;
  let ready = false;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok && /owner@/i.test(output)) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!ready) {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`The product did not start on ${url}. Output:\n${output}`);
  }
  const logins = parseDemoLogins(output);
  const owner = logins.find((l) => l.email.startsWith('owner@'));
  const admin = logins.find((l) => l.email.startsWith('admin@'));
  const other = logins.find((l) => !l.email.startsWith('owner@') && !l.email.startsWith('admin@'));
  if (!owner) throw new Error(`No agency owner login in the start-up output:\n${output}`);

  return {
    url,
    demo: { platformAdmin: admin ?? owner, agencyOwner: owner, subAccountUser: other ?? owner },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
