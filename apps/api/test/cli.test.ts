import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { newId } from '../src/platform/ids/ids.ts';

/** The product as a newcomer runs it: `main.ts serve` in a real process on a data folder. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const main = path.join(root, 'apps/api/src/main.ts');

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function run(args: string[], env: Record<string, string>): Run {
  const { DATABASE_URL: _db, EMAIL_PROVIDER: _email, SMTP_URL: _smtp, ...inherited } = process.env;
  // node itself, not the tsx CLI: a wrapper process would stand between the signal and our handler.
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: root,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(r: Run, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!r.output().includes(text)) {
    if (Date.now() > deadline || r.child.exitCode !== null)
      throw new Error(`"${text}" not printed:\n${r.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const folders: string[] = [];
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('npm start on the embedded database', () => {
  test('first start seeds and prints the demo logins; a second process is refused; a restart keeps the data', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-cli-'));
    folders.push(dataDir);
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };

    const first = run(['serve'], env);
    await waitFor(first, 'Demo logins');
    assert.match(first.output(), /owner@demo\.openlevel\.local \/ openlevel-demo/);
    const url = `http://127.0.0.1:${port}`;
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.openlevel.local', password: 'openlevel-demo' }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = await (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).json();
    const agencyId = me.agencies[0].id as string;
    const created = await fetch(`${url}/api/v1/agencies/${agencyId}/sub-accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ name: 'Survives Restarts' }),
    });
    assert.equal(created.status, 201);

    const second = run(['serve'], { ...env, PORT: String(await freePort()) });
    assert.equal(await second.exited, 1);
    assert.match(second.output(), /Another OpenLevel process \(pid \d+\) is using the data folder/);

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.output());

    const again = run(['serve'], env);
    await waitFor(again, 'Demo logins');
    const relogin = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.openlevel.local', password: 'openlevel-demo' }),
    });
    const cookie2 = relogin.headers.get('set-cookie')!.split(';')[0]!;
    const list = await (
      await fetch(`${url}/api/v1/agencies/${agencyId}/sub-accounts?search=Survives`, {
        headers: { cookie: cookie2 },
      })
    ).json();
    assert.equal(list.items.length, 1, 'data created before the restart is still there');
    assert.equal(
      (await fetch(`${url}/api/v1/agencies/${agencyId}/sub-accounts`, { headers: { cookie: cookie2 } }))
        .status,
      200,
    );
    again.child.kill('SIGTERM');
    assert.equal(await again.exited, 0);
  });
});

describe('npm run migrate on PostgreSQL', () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

  test('two processes migrating at once apply each migration once', async () => {
    const name = `openlevel_cli_${newId().replaceAll('-', '').slice(-12)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const env = {
        DATABASE_URL: url.toString(),
        EMAIL_PROVIDER: 'smtp',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      };
      const runs = [run(['migrate'], env), run(['migrate'], env)];
      const codes = await Promise.all(runs.map((r) => r.exited));
      assert.deepEqual(codes, [0, 0], runs.map((r) => r.output()).join('\n'));
      const outputs = runs.map((r) => r.output());
      assert.equal(outputs.filter((o) => o.includes('Applied')).length, 1, outputs.join('\n'));
      assert.equal(outputs.filter((o) => o.includes('up to date')).length, 1);
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      const { rows } = await db.query(
        'select name, count(*)::int as n from schema_migrations group by name having count(*) > 1',
      );
      await db.end();
      assert.deepEqual(rows, []);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  test('the server refuses to start without ENCRYPTION_KEY, saying how to make one', async () => {
    // A database that does not exist: the refusal must come before any connection is made.
    const nowhere = new URL(adminUrl);
    nowhere.pathname = '/openlevel_never_created';
    const r = run(['serve'], {
      DATABASE_URL: nowhere.toString(),
      EMAIL_PROVIDER: 'dev',
      PORT: String(await freePort()),
    });
    assert.equal(await r.exited, 1);
    assert.match(r.output(), /ENCRYPTION_KEY/);
    assert.match(r.output(), /randomBytes\(32\)/);
  });

  test('the server refuses to start without an email provider, saying what to set', async () => {
    // Falling into the Dev Outbox silently would keep real reset links readable in a table.
    const nowhere = new URL(adminUrl);
    nowhere.pathname = '/openlevel_never_created';
    const r = run(['serve'], {
      DATABASE_URL: nowhere.toString(),
      ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      PORT: String(await freePort()),
    });
    assert.equal(await r.exited, 1);
    assert.match(r.output(), /EMAIL_PROVIDER=smtp/);
    assert.match(r.output(), /SMTP_URL=/);
  });
});
