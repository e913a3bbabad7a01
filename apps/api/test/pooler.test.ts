import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { jobs } from '../src/composition.ts';
import { type Database, openPostgres } from '../src/platform/db/database.ts';
import { RUNTIME_ROLE, type TenantScope, tenantContextSql } from '../src/platform/db/tenant.ts';
import type { JobQueue } from '../src/platform/jobs/job-queue.ts';
import { startJobQueue } from '../src/platform/jobs/worker.ts';
import { seedTwoTenants, type Tenant } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/**
 * Tenant context behind PgBouncer in transaction pooling mode, where consecutive transactions of one
 * client connection may run on different server connections and one server connection serves many
 * clients in turn. Isolation holds there only because every tenant setting (SET LOCAL ROLE, SET
 * LOCAL app.*, set_config(..., true)) ends with its transaction: this file shows that transactions
 * of two tenants do share server backends, that each still sees only its own rows, and that no
 * commit, rollback or failure leaves a setting or the runtime role behind on a backend.
 *
 * Needs TEST_POOLER_URL (and TEST_DATABASE_URL, the server behind it); .ci/run starts PgBouncer
 * with scripts/pgbouncer.sh and runs this file and the HTTP suites through it.
 */

const poolerUrl = process.env.TEST_POOLER_URL;

/** More client connections than PgBouncer's server pool (scripts/pgbouncer.sh: 4 per database). */
const CLIENTS = 16;

/** Every transaction-local setting the product makes (tenant.ts, migrations' set_config(..., true)). */
const SETTINGS = ['app.agency_id', 'app.sub_account_id', 'app.user_id', 'app.actor', 'app.access_epoch_tx'];

/** What a statement finds on its backend: which one, who it runs as, and any tenant setting left. */
const LEFTOVERS = `
  select pg_backend_pid() as pid, current_user::text as role, session_user::text as login,
         array[${SETTINGS.map((s) => `coalesce(current_setting('${s}', true), '')`).join(', ')}] as settings
    from pg_sleep(0.01)`;

type Leftovers = { pid: number; role: string; login: string; settings: string[] };

function scopeOf(tenant: Tenant): TenantScope {
  return {
    agencyId: tenant.agencyId,
    subAccountId: tenant.subAccountIds[0],
    userId: tenant.ownerUserId,
    actor: `user:${tenant.ownerUserId}`,
  };
}

if (!poolerUrl) {
  test(
    'tenant context behind PgBouncer (transaction pooling)',
    {
      skip: 'needs TEST_POOLER_URL; .ci/run runs this file through PgBouncer (scripts/pgbouncer.sh)',
    },
    () => {},
  );
} else {
  describe('tenant context behind PgBouncer (transaction pooling)', () => {
    let db: TestDatabase;
    let direct: Database;
    let queue: JobQueue;
    let fixtures: Awaited<ReturnType<typeof seedTwoTenants>>;
    /** The product's Database over the pooler, with more clients than the pooler has servers. */
    let wide: Database;
    /** Contacts per sub-account, as the system sees them. */
    const contacts = new Map<string, number>();
    /** The tenants each backend served a transaction of. */
    const served = new Map<number, Set<string>>();

    before(async () => {
      db = await createTestDatabase();
      assert.ok(db.directUrl, 'TEST_POOLER_URL is set, so the test database is opened through it');
      // The job queue takes a session-level lock at start: on the server itself, as the product does.
      direct = await openPostgres(db.directUrl, { poolSize: 2 });
      queue = await startJobQueue({ database: direct, supervise: false, jobs });
      fixtures = await seedTwoTenants();
      wide = await openPostgres(db.url!, { poolSize: CLIENTS });
      const { rows } = await wide.raw.query<{ sub: string; n: number }>(
        'select sub_account_id::text as sub, count(*)::int as n from contacts group by 1',
      );
      for (const row of rows) contacts.set(row.sub, row.n);
      for (const tenant of [fixtures.a, fixtures.b]) {
        assert.ok(contacts.get(tenant.subAccountIds[0])! > 0, 'each tenant has contacts to see');
      }
    });

    after(async () => {
      await fixtures?.stop();
      await queue?.stop();
      await wide?.close();
      await direct?.close();
      await db?.drop();
    });

    /** One tenant transaction of two statements with a pause between, as a request makes them. */
    async function tenantTransaction(tenant: Tenant) {
      const sub = tenant.subAccountIds[0];
      return wide.transaction(tenantContextSql(scopeOf(tenant)), async (_tx, raw) => {
        // The opening round trip: BEGIN, the context and this statement together.
        const first = (
          await raw.query<{ pid: number; role: string; sub: string; seen: string[]; n: number }>(
            `select pg_backend_pid() as pid, current_user::text as role,
                    current_setting('app.sub_account_id') as sub,
                    array(select distinct sub_account_id::text from contacts) as seen,
                    (select count(*) from contacts)::int as n
               from pg_sleep(0.01)`,
          )
        ).rows[0]!;
        // Other clients' transactions run meanwhile; this one keeps its backend until it ends.
        await sleep(5);
        const second = (
          await raw.query<{ pid: number; sub: string }>(
            `select pg_backend_pid() as pid, current_setting('app.sub_account_id') as sub`,
          )
        ).rows[0]!;
        const tenants = served.get(first.pid) ?? new Set();
        tenants.add(sub);
        served.set(first.pid, tenants);
        return { expected: sub, first, second };
      });
    }

    /** Runs LEFTOVERS from every client at once, so that it lands on every backend of the pool. */
    async function leftovers(): Promise<Leftovers[]> {
      const outside = Array.from(
        { length: CLIENTS },
        async () => (await wide.raw.query<Leftovers>(LEFTOVERS)).rows[0]!,
      );
      // And in a system transaction (BEGIN, no context), as login and the worker run.
      const inside = Array.from({ length: CLIENTS }, () =>
        wide.transaction('', async (_tx, raw) => (await raw.query<Leftovers>(LEFTOVERS)).rows[0]!),
      );
      return Promise.all([...outside, ...inside]);
    }

    function assertClean(found: Leftovers[]): void {
      for (const row of found) {
        assert.equal(row.role, row.login, `backend ${row.pid} still runs as ${row.role}`);
        assert.notEqual(row.role, RUNTIME_ROLE);
        assert.deepEqual(
          row.settings,
          SETTINGS.map(() => ''),
          `backend ${row.pid} kept tenant settings: ${JSON.stringify(row.settings)}`,
        );
      }
      const tenantBackends = found.filter((row) => served.has(row.pid));
      assert.ok(tenantBackends.length > 0, 'the check ran on backends that had served tenant transactions');
    }

    test('(a) two tenants share server backends, and each transaction sees only its own rows', async () => {
      const runs = await Promise.all(
        // In runs of three, so that backends taking turns do not each keep to one tenant.
        Array.from({ length: CLIENTS * 3 }, (_, i) =>
          tenantTransaction(Math.floor(i / 3) % 2 ? fixtures.b : fixtures.a),
        ),
      );
      const pids = new Set(runs.map((run) => run.first.pid));
      assert.ok(
        pids.size < CLIENTS,
        `${CLIENTS} client connections ran on ${pids.size} server backends: the pooler shares them`,
      );
      assert.ok(
        [...served.values()].some((tenants) => tenants.size === 2),
        'some backend served transactions of both tenants',
      );
      for (const { expected, first, second } of runs) {
        assert.equal(first.role, RUNTIME_ROLE);
        assert.equal(first.sub, expected);
        assert.deepEqual(first.seen, [expected], 'a transaction sees its own sub-account only');
        assert.equal(first.n, contacts.get(expected));
        assert.equal(second.pid, first.pid, 'a transaction keeps its backend between statements');
        assert.equal(second.sub, expected);
      }
    });

    test('the leftover check does see a setting that outlives its transaction', async () => {
      // On a connection of its own to the server: a session-level setting must never reach the pool.
      const own = await openPostgres(db.directUrl!, { poolSize: 1 });
      try {
        const found = await own.withConnection(async (raw) => {
          await raw.query(`select set_config('app.agency_id', $1, false)`, [fixtures.a.agencyId]);
          await raw.exec(`set role ${RUNTIME_ROLE}`);
          return (await raw.query<Leftovers>(LEFTOVERS)).rows[0]!;
        });
        assert.equal(found.role, RUNTIME_ROLE);
        assert.equal(found.settings[0], fixtures.a.agencyId);
      } finally {
        await own.close();
      }
    });

    test('(b) after tenant transactions commit or roll back, no backend keeps their role or settings', async () => {
      class Rollback extends Error {}
      const work = Array.from({ length: CLIENTS * 2 }, async (_, i) => {
        const tenant = i % 2 ? fixtures.b : fixtures.a;
        const rollback = i % 4 >= 2;
        const done = wide.transaction(tenantContextSql(scopeOf(tenant)), async (_tx, raw) => {
          // A change the access epoch tracks: its trigger sets app.access_epoch_tx for the transaction.
          await raw.query(`update api_keys set name = name || '.' where id = $1`, [tenant.apiKey.id]);
          await raw.query(`select pg_sleep(0.01)`);
          if (rollback) throw new Rollback('rolled back on purpose');
        });
        if (rollback) await assert.rejects(done, Rollback);
        else await done;
      });
      await Promise.all(work);
      await Promise.all(Array.from({ length: 4 }, () => tenantTransaction(fixtures.a)));
      assertClean(await leftovers());
    });

    test('(c) a transaction that fails part way leaves no context behind', async () => {
      const failures: { name: string; code: string; run: (tenant: Tenant) => Promise<unknown> }[] = [
        {
          name: 'an error in the opening round trip (with BEGIN and the context)',
          code: '22012',
          run: (tenant) =>
            wide.transaction(tenantContextSql(scopeOf(tenant)), (_tx, raw) => raw.query('select 1 / 0')),
        },
        {
          name: 'an error in a later statement',
          code: '22012',
          run: (tenant) =>
            wide.transaction(tenantContextSql(scopeOf(tenant)), async (_tx, raw) => {
              await raw.query(`select count(*) from contacts`);
              await raw.query(`select pg_sleep(0.01)`);
              await raw.query('select 1 / 0');
            }),
        },
        {
          name: 'a stale access epoch, asserted after the context is set',
          code: 'OL001',
          run: (tenant) =>
            wide.transaction(
              tenantContextSql({ ...scopeOf(tenant), accessEpoch: 1_000_000_000n }),
              (_tx, raw) => raw.query(`select count(*) from contacts`),
            ),
        },
        {
          name: 'a constraint violation after a write',
          code: '23505',
          run: (tenant) =>
            wide.transaction(tenantContextSql(scopeOf(tenant)), async (_tx, raw) => {
              await raw.query(`update api_keys set name = name || '!' where id = $1`, [tenant.apiKey.id]);
              await raw.query(
                `insert into tags (sub_account_id, id, name) select sub_account_id, id, name from tags`,
              );
            }),
        },
      ];
      for (const failure of failures) {
        const runs = Array.from({ length: 8 }, (_, i) =>
          assert.rejects(
            failure.run(i % 2 ? fixtures.b : fixtures.a),
            (error: { code?: string }) => error.code === failure.code,
            failure.name,
          ),
        );
        await Promise.all(runs);
        assertClean(await leftovers());
      }
      // And the backends those transactions ran on still serve each tenant its own rows.
      const runs = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) => tenantTransaction(i % 2 ? fixtures.b : fixtures.a)),
      );
      for (const { expected, first } of runs) assert.deepEqual(first.seen, [expected]);
    });
  });
}
