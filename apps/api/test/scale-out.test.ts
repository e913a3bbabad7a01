/**
 * Scale-out on one PostgreSQL database: two API processes and two worker processes, as a
 * deployment behind a load balancer runs them. Every access change made through one API process
 * is refused on the very next request to the other (their caches are invalidated through the
 * access epoch, not by time), and the jobs and event deliveries the two workers share each take
 * effect exactly once.
 *
 * The embedded database belongs to one process, so this runs on PostgreSQL only.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { withSystem, txSql } from '../src/platform/db/tenant.ts';
import { syncPermissionCatalogue } from '../src/modules/access/index.ts';
import { DEMO_LOGINS, seedDemoIfEmpty } from '../src/seed.ts';
import { linkToken } from './dev-outbox-wait.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const MAIN = path.resolve(import.meta.dirname, '../src/main.ts');
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

type Product = { process: ChildProcess; url?: string; output: string[] };

const children: ChildProcess[] = [];

/** `main.ts serve|worker` as its own process on the test database; resolves once it is up. */
async function startProduct(role: 'serve' | 'worker', databaseUrl: string): Promise<Product> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, role], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WORKER: 'off',
      SEED_DEMO: 'never',
      EMAIL_PROVIDER: 'dev',
      ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const product: Product = { process: child, output: [] };
  child.stderr!.on('data', (chunk: Buffer) => product.output.push(chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    product.output.push(text);
    const listening = /listening on (http:\/\/[^\s)]+)/.exec(text);
    if (listening) product.url = listening[1];
  });
  if (role === 'serve') {
    const deadline = Date.now() + 60_000;
    while (!product.url) {
      if (child.exitCode !== null) throw new Error(`serve exited: ${product.output.join('')}`);
      if (Date.now() > deadline) throw new Error(`serve did not start: ${product.output.join('')}`);
      await sleep(100);
    }
  }
  return product;
}

/** A response body as JSON.parse gives it: the tests read many routes' answers by field. */
type Json = ReturnType<typeof JSON.parse>;

type Credential = { cookie: string } | { apiKey: string };

async function call(
  product: Product,
  credential: Credential | undefined,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: Json; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (credential && 'cookie' in credential) headers.cookie = credential.cookie;
  if (credential && 'apiKey' in credential) headers.authorization = `Bearer ${credential.apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${product.url}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

async function login(product: Product, email: string, password: string): Promise<{ cookie: string }> {
  const response = await call(product, undefined, 'POST', '/api/v1/auth/login', { email, password });
  assert.equal(response.status, 200, JSON.stringify(response.json));
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ol_session='));
  return { cookie: cookie!.split(';')[0]! };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function rows<R>(sql: string, params: unknown[] = []): Promise<R[]> {
  return withSystem(async () => (await txSql().query<R>(sql, params)).rows);
}

describe(
  'two API processes and two workers on one database',
  { skip: !onPostgres && 'PostgreSQL only' },
  () => {
    let database: TestDatabase;
    let api1: Product;
    let api2: Product;
    let subAccountId: string;
    let owner: { cookie: string };
    const contacts = (id = subAccountId) => `/api/v1/sub-accounts/${id}/contacts`;

    before(async () => {
      database = await createTestDatabase();
      await syncPermissionCatalogue();
      await seedDemoIfEmpty();
      [api1, api2] = await Promise.all([
        startProduct('serve', database.url!),
        startProduct('serve', database.url!),
      ]);
      await Promise.all([startProduct('worker', database.url!), startProduct('worker', database.url!)]);
      owner = await login(api1, DEMO_LOGINS.agencyOwner.email, DEMO_LOGINS.agencyOwner.password);
      const me = await call(api1, owner, 'GET', '/api/v1/auth/me');
      subAccountId = me.json.subAccounts[0]?.id ?? (await firstSubAccount(me.json.agencies[0].id));
    });

    async function firstSubAccount(agencyId: string): Promise<string> {
      const list = await call(api1, owner, 'GET', `/api/v1/agencies/${agencyId}/sub-accounts`);
      return list.json.items[0].id;
    }

    after(async () => {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await Promise.race([once(child, 'exit'), sleep(10_000).then(() => child.kill('SIGKILL'))]);
        }),
      );
      await database?.drop();
    });

    /** Reads through process 2 until its caches hold the credential (the first reads load them). */
    async function warm(credential: Credential, url = contacts()): Promise<void> {
      for (let i = 0; i < 3; i++) assert.equal((await call(api2, credential, 'GET', url)).status, 200);
    }

    test('an API key revoked through process 1 is refused by process 2 on its next request', async () => {
      const roles = await call(api1, owner, 'GET', `/api/v1/sub-accounts/${subAccountId}/roles`);
      const role =
        roles.json.items.find((r: { key: string | null }) => r.key === 'admin') ?? roles.json.items[0];
      const created = await call(api1, owner, 'POST', `/api/v1/sub-accounts/${subAccountId}/api-keys`, {
        name: 'Scale-out key',
        roleId: role.id,
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const key = { apiKey: created.json.secret as string };
      await warm(key);
      await warm(key, `/api/v1/sub-accounts/${subAccountId}/team-members`);

      const revoked = await call(
        api1,
        owner,
        'POST',
        `/api/v1/sub-accounts/${subAccountId}/api-keys/${created.json.apiKey.id}/revoke`,
      );
      assert.equal(revoked.status, 200, JSON.stringify(revoked.json));
      assert.equal((await call(api2, key, 'GET', contacts())).status, 401);
      assert.equal(
        (await call(api2, key, 'GET', `/api/v1/sub-accounts/${subAccountId}/team-members`)).status,
        401,
      );
    });

    test('a session logged out through process 1 is refused by process 2 on its next request', async () => {
      const session = await login(api1, DEMO_LOGINS.agencyOwner.email, DEMO_LOGINS.agencyOwner.password);
      await warm(session);
      assert.equal((await call(api1, session, 'POST', '/api/v1/auth/logout')).status, 200);
      assert.equal((await call(api2, session, 'GET', contacts())).status, 401);
      assert.equal((await call(api2, session, 'GET', '/api/v1/auth/me')).status, 401);
    });

    /** The demo sales user: signed in on process 2, with their membership in the sub-account. */
    async function salesUser(): Promise<{ session: { cookie: string }; membershipId: string }> {
      const session = await login(
        api2,
        DEMO_LOGINS.subAccountUser.email,
        DEMO_LOGINS.subAccountUser.password,
      );
      const me = await call(api2, session, 'GET', '/api/v1/auth/me');
      const salesSubAccount = me.json.subAccounts[0].id as string;
      const users = await call(api1, owner, 'GET', `/api/v1/sub-accounts/${salesSubAccount}/users`);
      const membership = users.json.items.find(
        (u: { email: string }) => u.email === DEMO_LOGINS.subAccountUser.email,
      );
      return { session, membershipId: `${salesSubAccount}/users/${membership.id}` };
    }

    test('a permission revoked, a membership suspended or removed through process 1 is refused by process 2 next', async () => {
      const { session, membershipId } = await salesUser();
      const [salesSubAccount] = membershipId.split('/');
      const membership = `/api/v1/sub-accounts/${membershipId}`;
      await warm(session, contacts(salesSubAccount));

      const revoke = await call(api1, owner, 'PATCH', membership, { revokedPermissions: ['contacts:read'] });
      assert.equal(revoke.status, 200, JSON.stringify(revoke.json));
      const refused = await call(api2, session, 'GET', contacts(salesSubAccount));
      assert.equal(refused.status, 403);
      assert.match(refused.json.detail, /contacts:read/);

      assert.equal((await call(api1, owner, 'PATCH', membership, { revokedPermissions: [] })).status, 200);
      await warm(session, contacts(salesSubAccount));
      assert.equal((await call(api1, owner, 'PATCH', membership, { status: 'suspended' })).status, 200);
      // Outside a sub-account it is not there at all, as for anyone who was never in it.
      assert.equal((await call(api2, session, 'GET', contacts(salesSubAccount))).status, 404);

      assert.equal((await call(api1, owner, 'PATCH', membership, { status: 'active' })).status, 200);
      await warm(session, contacts(salesSubAccount));
      assert.equal((await call(api1, owner, 'DELETE', membership)).status, 204);
      assert.equal((await call(api2, session, 'GET', contacts(salesSubAccount))).status, 404);
    });

    test('a password reset through process 1 ends the sessions process 2 holds; a disabled user is refused next', async () => {
      const email = DEMO_LOGINS.agencyOwner.email;
      const session = await login(api2, email, DEMO_LOGINS.agencyOwner.password);
      await warm(session);
      assert.equal(
        (await call(api1, undefined, 'POST', '/api/v1/auth/password-reset', { email })).status,
        202,
      );
      const [message] = await until('the reset email', async () => {
        const found = await rows<{ text_body: string }>(
          'select text_body from dev_outbox_messages where to_address = $1 order by created_at desc limit 1',
          [email],
        );
        return found.length ? found : undefined;
      });
      const token = linkToken(message!.text_body, '/reset-password');
      const newPassword = 'a new scale-out passphrase';
      const reset = await call(api1, undefined, 'POST', '/api/v1/auth/password-reset/confirm', {
        token,
        password: newPassword,
      });
      assert.equal(reset.status, 200, JSON.stringify(reset.json));
      assert.equal((await call(api2, session, 'GET', contacts())).status, 401);

      // No route disables a user yet; an operator does it in SQL, and the trigger moves the epoch.
      owner = await login(api1, email, newPassword);
      const fresh = await login(api2, email, newPassword);
      await warm(fresh);
      await rows(`update users set status = 'disabled' where email = $1`, [email]);
      assert.equal((await call(api2, fresh, 'GET', contacts())).status, 401);
      await rows(`update users set status = 'active' where email = $1`, [email]);
      owner = await login(api1, email, newPassword);
    });

    test('jobs and event deliveries shared by the two workers each take effect exactly once', async () => {
      const created = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          call(i % 2 ? api2 : api1, owner, 'POST', contacts(), {
            firstName: `Scale${i}`,
            email: `scale-${i}@scale-out.example`,
          }),
        ),
      );
      for (const response of created) assert.equal(response.status, 201, JSON.stringify(response.json));
      const ids = created.map((r) => r.json.id as string);

      const tag = await call(api1, owner, 'POST', `/api/v1/sub-accounts/${subAccountId}/tags`, {
        name: 'Scaled',
      });
      assert.equal(tag.status, 201, JSON.stringify(tag.json));
      const bulk = await call(api2, owner, 'POST', `${contacts()}/bulk`, {
        action: 'tag',
        selection: { contactIds: ids },
        params: { tagIds: [tag.json.id] },
      });
      assert.equal(bulk.status, 202, JSON.stringify(bulk.json));
      const bulkId = bulk.json.id as string;
      const done = await until('the bulk action', async () => {
        const state = await call(api1, owner, 'GET', `${contacts()}/bulk/${bulkId}`);
        return state.json.status === 'completed' ? state.json : undefined;
      });
      assert.equal(done.processedCount, ids.length);
      assert.equal(done.errorCount, 0);

      // Every delivery of every event: delivered, in one attempt, never twice.
      const deliveries = await until('every event delivered', async () => {
        const found = await rows<{ status: string; attempts: number; n: number }>(
          `select status, attempts, count(*)::int as n from event_deliveries group by status, attempts`,
        );
        const pending = await rows<{ n: number }>(
          'select count(*)::int as n from outbox where dispatched_at is null',
        );
        const settled = pending[0]!.n === 0 && found.every((r) => r.status === 'delivered');
        return settled && found.length ? found : undefined;
      });
      assert.deepEqual(
        deliveries.map((r) => [r.status, r.attempts]),
        [['delivered', 1]],
      );
      // Each contact's timeline says once that it was created and once that it was tagged.
      const timeline = await rows<{ kind: string; n: number }>(
        `select kind, count(*)::int as n from timeline_activities
        where contact_id = any($1::uuid[]) group by kind order by kind`,
        [ids],
      );
      assert.deepEqual(
        timeline.map((r) => [r.kind, r.n]),
        [
          ['created', ids.length],
          ['tag_added', ids.length],
        ],
      );
      // The bulk job ran once, in one try.
      const jobs = await rows<{ state: string; retry_count: number }>(
        `select state, retry_count from pgboss.job where data->>'bulkActionId' = $1`,
        [bulkId],
      );
      assert.deepEqual(
        jobs.map((j) => [j.state, j.retry_count]),
        [['completed', 0]],
      );
    });
  },
);
