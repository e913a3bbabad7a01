/**
 * Cost of the tenant context: one primary-key select on team_members inside withTenant() (one
 * transaction; BEGIN + three SET LOCAL + SET LOCAL ROLE in one simple-protocol round trip, then
 * the select, then COMMIT) compared with the same select
 *   (a) on the pool, autocommit, no context (the "same select without context"),
 *   (b) in a plain transaction without context (withSystem),
 * and with the naive pattern that sends BEGIN, each SET and the select as separate round trips.
 *
 * Run: npx tsx bench/tenant-context.bench.ts (PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL).
 */
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../apps/api/test/test-database.ts';
import { findTeamMember } from '../apps/api/src/modules/team-members/team-member.repository.ts';
import {
  RUNTIME_ROLE,
  tenantContextSql,
  txSql,
  withSystem,
  withTenant,
  type TenantScope,
} from '../apps/api/src/platform/db/tenant.ts';
import type { SqlClient } from '../apps/api/src/platform/db/database.ts';
import {
  seedBenchTenants,
  envInt,
  isMain,
  machineLine,
  printLatencyTable,
  ratio,
  runInterleaved,
  type Stats,
  useBenchDatabase,
} from './lib.ts';

export const TARGET_RATIO = 1.5;

/** The statement every variant runs: what findTeamMember() sends, minus Drizzle's column list. */
const SELECT_SQL = 'select * from team_members where sub_account_id = $1 and id = $2 and deleted_at is null';

export const VARIANTS = {
  roundTrip: 'floor: select 1 (autocommit)',
  autocommit: '(a) select, autocommit, no context',
  prepared: "(a') same, named prepared statement",
  plainTx: '(b) select in BEGIN/COMMIT, no context',
  tenant: 'withTenant + select (txSql)',
  tenantDrizzle: 'withTenant + findTeamMember (tx(), Drizzle)',
  naive: 'naive: 7 round trips',
} as const;

export type TenantContextResult = {
  stats: Map<string, Stats>;
  /** p50 and mean ratios of the subject (withTenant + txSql) against each baseline. */
  against: {
    autocommit: { p50: number; mean: number };
    plainTx: { p50: number; mean: number };
    naive: { p50: number; mean: number };
  };
  passAutocommit: boolean;
  passPlainTx: boolean;
  explain: { runtimeRole: string; owner: string };
};

async function seedFiller(db: TestDatabase, subAccountIds: string[], rows: number): Promise<void> {
  // Spread over the seeded sub-accounts so the primary-key index has a realistic size; triggers
  // (audit, updated_at) are switched off for the load only.
  await db.transaction('SET LOCAL session_replication_role = replica', async (_tx, raw) => {
    await raw.query(
      `insert into team_members (sub_account_id, id, name, email, title)
       select ($1::uuid[])[1 + (g % array_length($1::uuid[], 1))], app.uuid_v7(), 'Filler ' || g, 'filler' || g || '@team.example', 'Rep'
         from generate_series(1, $2::int) as g`,
      [subAccountIds, rows],
    );
  });
  await db.raw.query('analyze team_members');
}

async function naiveTenantSelect(raw: SqlClient, scope: TenantScope, params: string[]): Promise<unknown[]> {
  // What withTenant() avoids: every statement its own round trip.
  await raw.query('BEGIN');
  try {
    await raw.query(`SET LOCAL app.agency_id = '${scope.agencyId}'`);
    await raw.query(`SET LOCAL app.sub_account_id = '${scope.subAccountId ?? ''}'`);
    await raw.query(`SET LOCAL app.user_id = '${scope.userId ?? ''}'`);
    await raw.query(`SET LOCAL ROLE ${RUNTIME_ROLE}`);
    const { rows } = await raw.query(SELECT_SQL, params);
    await raw.query('COMMIT');
    return rows;
  } catch (error) {
    await raw.query('ROLLBACK');
    throw error;
  }
}

function explainText(rows: Record<string, unknown>[]): string {
  return rows.map((r) => String(r['QUERY PLAN'])).join('\n');
}

export async function runTenantContextBench(): Promise<TenantContextResult> {
  useBenchDatabase();
  const rounds = envInt('BENCH_ROUNDS', 5);
  const iterations = envInt('BENCH_ITERATIONS', 1000);
  const warmup = envInt('BENCH_WARMUP', 300);
  const fillerRows = envInt('BENCH_FILLER_ROWS', 20000);

  console.log(
    `\n== tenant-context: ${rounds} rounds x ${iterations} sequential selects per variant, warm-up ${warmup} (${machineLine()})`,
  );
  const db = await createTestDatabase();
  const pools: pg.Pool[] = [];
  try {
    const { a, b } = await seedBenchTenants();
    const subAccountId = a.subAccountIds[0];
    await seedFiller(db, [...a.subAccountIds, ...b.subAccountIds], fillerRows);
    const found = await db.raw.query<{ id: string }>(
      "select id from team_members where sub_account_id = $1 and name = 'Dana Closer'",
      [subAccountId],
    );
    const teamMemberId = found.rows[0]?.id;
    if (!teamMemberId) throw new Error('Seeded team member not found');
    const params = [subAccountId, teamMemberId];
    const scope: TenantScope = { agencyId: a.agencyId, subAccountId, userId: a.ownerUserId };
    const otherScope: TenantScope = {
      agencyId: b.agencyId,
      subAccountId: b.subAccountIds[0],
      userId: b.ownerUserId,
    };
    const count = await db.raw.query<{ n: number }>('select count(*)::int as n from team_members');
    console.log(
      `team_members rows: ${count.rows[0]?.n}; setup sent with BEGIN: ${tenantContextSql(scope).length} chars`,
    );

    // A diagnostic only: the same select as a named (server-side prepared) statement on its own
    // connection, to separate parse/plan from the round trip itself.
    const preparedPool = new pg.Pool({ connectionString: db.url, max: 1 });
    pools.push(preparedPool);
    const prepared = { name: 'bench_team_member_by_pk', text: SELECT_SQL, values: params };

    const variants = [
      { name: VARIANTS.roundTrip, op: () => db.raw.query('select 1') },
      { name: VARIANTS.autocommit, op: () => db.raw.query(SELECT_SQL, params) },
      { name: VARIANTS.prepared, op: () => preparedPool.query(prepared) },
      { name: VARIANTS.plainTx, op: () => withSystem(() => txSql().query(SELECT_SQL, params)) },
      { name: VARIANTS.tenant, op: () => withTenant(scope, () => txSql().query(SELECT_SQL, params)) },
      {
        name: VARIANTS.tenantDrizzle,
        op: () => withTenant(scope, () => findTeamMember(subAccountId, teamMemberId)),
      },
      { name: VARIANTS.naive, op: () => db.withConnection((raw) => naiveTenantSelect(raw, scope, params)) },
    ];

    // Every variant must find the row (and the tenant context must hide it from another tenant),
    // or the figures would compare different work.
    const checks = await Promise.all([
      db.raw.query(SELECT_SQL, params).then((r) => r.rows.length),
      preparedPool.query(prepared).then((r) => r.rows.length),
      withSystem(() => txSql().query(SELECT_SQL, params)).then((r) => r.rows.length),
      withTenant(scope, () => txSql().query(SELECT_SQL, params)).then((r) => r.rows.length),
      withTenant(scope, () => findTeamMember(subAccountId, teamMemberId)).then((r) => (r ? 1 : 0)),
      db.withConnection((raw) => naiveTenantSelect(raw, scope, params)).then((r) => r.length),
    ]);
    if (checks.some((n) => n !== 1)) throw new Error(`A variant did not find the row: ${checks.join(',')}`);
    const hidden = await withTenant(otherScope, () => txSql().query(SELECT_SQL, params));
    if (hidden.rows.length !== 0)
      throw new Error('Row-level security did not hide the row from another tenant');

    const stats = await runInterleaved(variants, {
      rounds,
      iterations,
      warmup,
      onRound: (r) => process.stdout.write(`  round ${r}/${rounds} done\n`),
    });

    // Where the time goes on the server: the plan and execution time of the select as the runtime
    // role under RLS, and as the owner (autocommit).
    let runtimeRole = '';
    let owner = '';
    for (let i = 0; i < 20; i++) {
      runtimeRole = await withTenant(scope, async () =>
        explainText(
          (await txSql().query(`explain (analyze, buffers, timing off) ${SELECT_SQL}`, params)).rows,
        ),
      );
      owner = explainText(
        (await db.raw.query(`explain (analyze, buffers, timing off) ${SELECT_SQL}`, params)).rows,
      );
    }

    printLatencyTable('tenant-context: one primary-key select on team_members', stats, VARIANTS.autocommit);
    const subject = stats.get(VARIANTS.tenant)!;
    const vs = (name: string) => {
      const base = stats.get(name)!;
      return { p50: ratio(subject.p50Ms, base.p50Ms), mean: ratio(subject.meanMs, base.meanMs) };
    };
    const against = {
      autocommit: vs(VARIANTS.autocommit),
      plainTx: vs(VARIANTS.plainTx),
      naive: vs(VARIANTS.naive),
    };
    const passAutocommit = against.autocommit.p50 <= TARGET_RATIO;
    const passPlainTx = against.plainTx.p50 <= TARGET_RATIO;
    const line = (ok: boolean, base: string, r: { p50: number; mean: number }) =>
      `${ok ? 'PASS' : 'MISS'} target <= ${TARGET_RATIO}x: withTenant + select vs ${base}: p50 ${r.p50.toFixed(2)}x, mean ${r.mean.toFixed(2)}x`;
    console.log('');
    console.log(
      line(passAutocommit, '(a) the same select, autocommit on the pool, no context', against.autocommit),
    );
    console.log(line(passPlainTx, '(b) the same select in a plain transaction, no context', against.plainTx));
    console.log(
      `naive pattern (BEGIN, 4 x SET LOCAL, select, COMMIT as 7 round trips) vs withTenant: ` +
        `p50 ${(1 / against.naive.p50).toFixed(2)}x slower; vs (a): ` +
        `p50 ${ratio(stats.get(VARIANTS.naive)!.p50Ms, stats.get(VARIANTS.autocommit)!.p50Ms).toFixed(2)}x`,
    );
    const floor = stats.get(VARIANTS.roundTrip)!;
    console.log(
      `one round trip (select 1) p50 ${floor.p50Ms.toFixed(3)} ms: withTenant + select = ` +
        `${(subject.p50Ms / floor.p50Ms).toFixed(2)} round trips' worth, (a) = ${(stats.get(VARIANTS.autocommit)!.p50Ms / floor.p50Ms).toFixed(2)}`,
    );
    console.log(`\nEXPLAIN ANALYZE as ${RUNTIME_ROLE} under RLS (inside withTenant):\n${runtimeRole}`);
    console.log(`\nEXPLAIN ANALYZE as the owner (autocommit):\n${owner}`);
    return { stats, against, passAutocommit, passPlainTx, explain: { runtimeRole, owner } };
  } finally {
    for (const pool of pools) await pool.end();
    await db.drop();
  }
}

if (isMain(import.meta.url)) {
  await runTenantContextBench();
}
