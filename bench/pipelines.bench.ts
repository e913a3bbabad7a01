/**
 * Pipelines at scale (issue 4, "Performance"): one sub-account with BENCH_PIPELINE_CONTACTS contacts
 * (1,000,000 by default) and a six-stage pipeline holding BENCH_OPEN_OPPORTUNITIES open cards
 * (100,000) plus a fifth as many won and a tenth as many lost, each with the stage history it would
 * have had (created in the first stage, moved stage by stage, closed), spread over the last 365
 * days; seeded with set-based SQL. Then p50/p95 of the board (first page of every column), one
 * column's first page, the pipeline's metrics over 30 and 365 days, and a stage move, through the
 * services (withTenant, runtime role, RLS on), with two in-process baselines (a get by id, and the
 * floor of any open-card total: one statement summing the pipeline's open cards), the targets,
 * and EXPLAIN (ANALYZE, BUFFERS) of every statement each operation sends.
 *
 * Run: npx tsx bench/pipelines.bench.ts (PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL).
 * Options: BENCH_PIPELINE_CONTACTS (1000000), BENCH_OPEN_OPPORTUNITIES (100000),
 * BENCH_PIPELINE_ROUNDS (3), BENCH_PIPELINE_ITERATIONS (30 per operation per round),
 * BENCH_PIPELINE_WARMUP (5).
 */
import { createTestDatabase, type TestDatabase } from '../apps/api/test/test-database.ts';
import { asOwner } from '../apps/api/src/seed.ts';
import {
  getBoard,
  getOpportunity,
  listColumn,
  updateOpportunity,
} from '../apps/api/src/modules/opportunities/opportunity.service.ts';
import { boardQuery } from '../apps/api/src/modules/opportunities/opportunity.schemas.ts';
import { pipelineMetrics } from '../apps/api/src/modules/opportunities/pipeline-metrics.service.ts';
import type { SubAccountContext } from '../apps/api/src/platform/access/access.ts';
import { txSql, withTenant } from '../apps/api/src/platform/db/tenant.ts';
import { bindJobQueue } from '../apps/api/src/platform/jobs/job-queue.ts';
import {
  type Captured,
  inertJobQueue,
  captureStatements,
  envInt,
  isMain,
  machineLine,
  printTable,
  runInterleaved,
  seedBenchTenants,
  type Stats,
  useBenchDatabase,
} from './lib.ts';

export const TARGETS = { boardP95Ms: 50, metricsP95Ms: 200, moveP95Ms: 20 };

const STAGES = [
  ['Lead', 5],
  ['Contacted', 10],
  ['Qualified', 25],
  ['Proposal', 50],
  ['Negotiation', 75],
  ['Closing', 90],
] as const;

const BASELINE = 'get by id (baseline)';
const FLOOR = 'floor: sum of the open cards (one statement)';

/**
 * Contacts: only what a card shows (name, email, phone); secondary indexes dropped during the
 * load and rebuilt after it, triggers off (audit and updated_at are not what is measured).
 */
export async function seedContacts(db: TestDatabase, subAccountId: string, count: number): Promise<void> {
  const { rows: indexes } = await db.raw.query<{ name: string; def: string }>(
    `select indexname as name, indexdef as def from pg_indexes
      where tablename = 'contacts' and indexname not like '%pkey'`,
  );
  for (const index of indexes) await db.raw.query(`drop index ${index.name}`);
  await db.transaction('SET LOCAL session_replication_role = replica', async (_tx, raw) => {
    await raw.query(
      `insert into contacts (sub_account_id, id, first_name, last_name, email, phone, created_at)
       select $1, app.uuid_v7(), 'First' || g, 'Last' || (g % 5000),
              'contact' || g || '@example.com', '+1' || (2000000000 + g)::text,
              now() - make_interval(secs => $2::int - g)
         from generate_series(0, $2::int - 1) as g`,
      [subAccountId, count],
    );
  });
  await db.raw.exec(
    `set maintenance_work_mem = '512MB'; ${indexes.map((i) => `${i.def};`).join('\n')} reset maintenance_work_mem;`,
  );
}

/**
 * The pipeline, its opportunities, their history and stage visits in four statements. Opportunity g (0-based)
 * is open for g < open, then won (a fifth of open) then lost (a tenth). Open cards sit in stage k
 * with weights 30/25/18/12/9/6 %; won ones in the last stage; lost ones anywhere. Each was created
 * `age` seconds ago (1 hour to 365 days) in the first stage and moved one stage at a time at
 * equal intervals, closing (if it closed) one interval after its last move, so the history has
 * k + 1 (+1) rows: creation, each move with the seconds spent in the stage it left, the close.
 */
export async function seedPipeline(
  db: TestDatabase,
  input: { subAccountId: string; users: string[]; open: number },
): Promise<{ pipelineId: string; stageIds: string[] }> {
  const { subAccountId, open } = input;
  const won = Math.floor(open / 5);
  const lost = Math.floor(open / 10);
  return db.transaction('SET LOCAL session_replication_role = replica', async (_tx, raw) => {
    const { rows: p } = await raw.query<{ id: string }>(
      `insert into pipelines (sub_account_id, id, name) values ($1, app.uuid_v7(), 'Bench pipeline') returning id`,
      [subAccountId],
    );
    const pipelineId = p[0]!.id;
    const stageIds: string[] = [];
    for (const [position, [name, probability]] of STAGES.entries()) {
      const { rows } = await raw.query<{ id: string }>(
        `insert into pipeline_stages (sub_account_id, id, pipeline_id, name, position, win_probability, rotting_days)
         values ($1, app.uuid_v7(), $2, $3, $4, $5, 30) returning id`,
        [subAccountId, pipelineId, name, position, probability],
      );
      stageIds.push(rows[0]!.id);
    }
    const { rows: reason } = await raw.query<{ id: string }>(
      `insert into lost_reasons (sub_account_id, id, name) values ($1, app.uuid_v7(), 'No budget') returning id`,
      [subAccountId],
    );
    await raw.query(
      `with plan as (
         select g,
                case when g < $3::int then 'open' when g < $3::int + $4::int then 'won' else 'lost' end as status,
                case when g >= $3::int + $4::int then g % 6
                     when g >= $3::int then 5
                     when g % 100 < 30 then 0 when g % 100 < 55 then 1 when g % 100 < 73 then 2
                     when g % 100 < 85 then 3 when g % 100 < 94 then 4 else 5 end as k,
                3600 + (g::bigint * 7919) % (365 * 86400) as age
           from generate_series(0, $3::int + $4::int + $5::int - 1) as g
       ), timed as (
         select plan.*, k + (status <> 'open')::int as m, now() - make_interval(secs => age) as created
           from plan
       ), contact as (
         select id, row_number() over (order by id) - 1 as n
           from contacts where sub_account_id = $1 order by id limit $3::int + $4::int + $5::int
       )
       insert into opportunities (sub_account_id, id, pipeline_id, stage_id, contact_id, name, monetary_value,
                                  currency, status, lost_reason_id, assigned_user_id, created_at, updated_at,
                                  stage_entered_at, status_changed_at)
       select $1, app.uuid_v7(), $2, ($6::uuid[])[t.k + 1], c.id, 'Deal ' || t.g,
              (1000 + (t.g * 37) % 500000) * 100, case when t.g % 10 = 0 then 'EUR' else 'USD' end,
              t.status, case when t.status = 'lost' then $7::uuid end,
              case when t.g % 7 = 0 then null else ($8::uuid[])[1 + t.g % array_length($8::uuid[], 1)] end,
              t.created, t.created + make_interval(secs => t.age::float8 * t.m / (t.m + 1)),
              t.created + make_interval(secs => t.age::float8 * t.k / (t.m + 1)),
              case when t.status <> 'open' then t.created + make_interval(secs => t.age::float8 * t.m / (t.m + 1)) end
         from timed t join contact c on c.n = t.g`,
      [subAccountId, pipelineId, open, won, lost, stageIds, reason[0]!.id, input.users],
    );
    // History: event j of m (0 = creation in the first stage, 1..k = moves, k + 1 = the close).
    await raw.query(
      `insert into opportunity_stage_history (sub_account_id, id, opportunity_id, pipeline_id, from_stage_id,
                                              to_stage_id, from_status, to_status, from_value, to_value,
                                              seconds_in_from_stage, changed_by_user_id, changed_at)
       select o.sub_account_id, app.uuid_v7(), o.id, o.pipeline_id,
              case when j = 0 then null when j <= s.position then ($2::uuid[])[j] else o.stage_id end,
              case when j <= s.position then ($2::uuid[])[j + 1] else o.stage_id end,
              case when j > 0 then 'open' end,
              case when j <= s.position then 'open' else o.status end,
              case when j > 0 then o.monetary_value end, o.monetary_value,
              case when j > 0 and j <= s.position then floor(x.age / (x.m + 1))::bigint end,
              o.assigned_user_id,
              o.created_at + make_interval(secs => x.age * j / (x.m + 1))
         from opportunities o
         join pipeline_stages s on s.sub_account_id = o.sub_account_id and s.id = o.stage_id
         cross join lateral (select extract(epoch from now() - o.created_at)::float8 as age,
                                    s.position + (o.status <> 'open')::int as m) x
         cross join generate_series(0, x.m) as j
        where o.sub_account_id = $1 and o.pipeline_id = $3
        -- In time order, as a live history grows: rows of one period share pages.
        order by 13`,
      [subAccountId, stageIds, pipelineId],
    );
    // The stage visits the metrics read, which the opportunity_visits trigger keeps (off too).
    await raw.query(`select app.rebuild_opportunity_stage_visits($1)`, [subAccountId]);
    // The board's column totals, which the opportunity_totals trigger keeps (off during the load).
    await raw.query(
      `insert into pipeline_stage_totals (sub_account_id, pipeline_id, stage_id, status, currency, count, value)
       select sub_account_id, pipeline_id, stage_id, status, currency, count(*), sum(monetary_value)
         from opportunities where sub_account_id = $1 and pipeline_id = $2 and deleted_at is null
        group by sub_account_id, pipeline_id, stage_id, status, currency`,
      [subAccountId, pipelineId],
    );
    return { pipelineId, stageIds };
  });
}

/** The statements this bench explains, of those sent while `fn` runs. */
async function capture(fn: () => Promise<unknown>): Promise<Captured[]> {
  const seen = await captureStatements(fn);
  // Reads and the opportunity update (not the outbox insert, whose committed id would collide), and
  // the SET LOCALs that shape their plans.
  return seen.filter(
    (s) =>
      /^\s*set local (?!role|app\.)/i.test(s.text) ||
      (/^\s*(select|with|update)/i.test(s.text) && /opportunit|pipeline/.test(s.text)),
  );
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of each statement, in one transaction as the runtime role in the
 * tenant (so a SET LOCAL the operation sent applies to the statements after it), rolled back.
 */
async function explainAll(
  scope: { agencyId: string; subAccountId: string; userId: string },
  statements: Captured[],
) {
  return withTenant(scope, async () => {
    const sql = txSql();
    const plans: { sql: string; plan: string }[] = [];
    await sql.query('savepoint explain');
    for (const s of statements) {
      if (/^\s*set /i.test(s.text)) {
        await sql.query(s.text, s.values);
        continue;
      }
      const { rows } = await sql.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${s.text}`,
        s.values,
      );
      plans.push({ sql: s.text, plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
    }
    await sql.query('rollback to savepoint explain');
    return plans;
  });
}

export type PipelinesBenchResult = {
  contacts: number;
  opportunities: number;
  history: number;
  seedSeconds: number;
  stats: Map<string, Stats>;
};

export async function runPipelinesBench(): Promise<PipelinesBenchResult> {
  useBenchDatabase();
  const contactCount = envInt('BENCH_PIPELINE_CONTACTS', 1_000_000);
  const open = envInt('BENCH_OPEN_OPPORTUNITIES', 100_000);
  const rounds = envInt('BENCH_PIPELINE_ROUNDS', 3);
  const iterations = envInt('BENCH_PIPELINE_ITERATIONS', 30);
  const warmup = envInt('BENCH_PIPELINE_WARMUP', 5);
  console.log(
    `\n== pipelines (${machineLine()}): ${contactCount} contacts, ${open} open opportunities in one pipeline`,
  );
  const db = await createTestDatabase();
  try {
    const { a } = await seedBenchTenants();
    bindJobQueue(inertJobQueue);
    const big = a.subAccountIds[0];
    const users = [a.ownerUserId, a.memberUserId];
    const seedStart = Date.now();
    await seedContacts(db, big, contactCount);
    const { pipelineId, stageIds } = await seedPipeline(db, { subAccountId: big, users, open });
    // As a live database would be: statistics current, visibility map and hint bits set.
    for (const table of [
      'contacts',
      'opportunities',
      'opportunity_stage_history',
      'opportunity_stage_visits',
      'pipeline_stages',
      'pipeline_stage_totals',
    ])
      await db.raw.query(`vacuum analyze ${table}`);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const { rows: counts } = await db.raw.query<{ what: string; n: string }>(
      `select 'contacts' as what, count(*)::text as n from contacts where sub_account_id = $1
       union all select status, count(*)::text from opportunities where pipeline_id = $2 group by status
       union all select 'history', count(*)::text from opportunity_stage_history where pipeline_id = $2
       union all select 'stage visits', count(*)::text from opportunity_stage_visits where pipeline_id = $2`,
      [big, pipelineId],
    );
    const count = (what: string) => Number(counts.find((c) => c.what === what)?.n ?? 0);
    console.log(`seeded in ${seedSeconds.toFixed(1)} s: ${counts.map((c) => `${c.n} ${c.what}`).join(', ')}`);
    const { rows: perStage } = await db.raw.query<{ position: number; n: string }>(
      `select s.position, count(*)::text as n from opportunities o join pipeline_stages s on s.id = o.stage_id
        where o.pipeline_id = $1 and o.status = 'open' group by s.position order by 1`,
      [pipelineId],
    );
    console.log(`open per stage: ${perStage.map((r) => r.n).join(' / ')}`);

    const { rows: sample } = await db.raw.query<{ id: string; position: number }>(
      `select o.id, s.position from opportunities o join pipeline_stages s on s.id = o.stage_id
        where o.pipeline_id = $1 and o.status = 'open' order by hashtext(o.id::text) limit 500`,
      [pipelineId],
    );
    const position = new Map(sample.map((r) => [r.id, r.position]));
    const owner = { agencyId: a.agencyId, userId: a.ownerUserId, subAccountId: big };
    const as = <T>(fn: (ctx: SubAccountContext) => Promise<T>) => asOwner(owner, fn);
    const board = boardQuery.parse({});
    let n = 0;
    let moves = 0;
    let lastMove = { id: '', from: '' };
    const ops: Record<string, () => Promise<unknown>> = {
      [BASELINE]: () => as((ctx) => getOpportunity(ctx, sample[n++ % sample.length]!.id)),
      // The least any open-card total can cost: one statement summing the pipeline's open cards.
      [FLOOR]: () =>
        withTenant(owner, () =>
          txSql().query(
            `select count(*), sum(monetary_value) from opportunities
              where sub_account_id = $1 and pipeline_id = $2 and status = 'open' and deleted_at is null`,
            [big, pipelineId],
          ),
        ),
      'board: first page of every column': () => as((ctx) => getBoard(ctx, pipelineId, board)),
      'board: one column (largest), first page': () =>
        as((ctx) => listColumn(ctx, pipelineId, stageIds[0]!, { ...board, cursor: undefined })),
      'metrics, last 30 days': () => as((ctx) => pipelineMetrics(ctx, pipelineId, { timeZone: 'UTC' })),
      'metrics, last 365 days': () =>
        as((ctx) =>
          pipelineMetrics(ctx, pipelineId, {
            from: new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10),
            timeZone: 'UTC',
          }),
        ),
      'metrics, one assignee, 30 days': () =>
        as((ctx) => pipelineMetrics(ctx, pipelineId, { timeZone: 'UTC', assignedUserId: a.ownerUserId })),
      'stage move (updateOpportunity)': () => {
        // Each card of the sample moves one stage on (the last back to the first).
        const id = sample[moves++ % sample.length]!.id;
        const next = (position.get(id)! + 1) % stageIds.length;
        lastMove = { id, from: stageIds[position.get(id)!]! };
        position.set(id, next);
        return as((ctx) => updateOpportunity(ctx, id, { stageId: stageIds[next]! }));
      },
    };
    // What each returns, so a fast empty answer is not mistaken for a fast query.
    const boardResult = (await ops['board: first page of every column']!()) as {
      columns: { count: number; items: unknown[] }[];
    };
    console.log(
      `  board: ${boardResult.columns.map((c) => `${c.items.length}/${c.count}`).join(', ')} (cards on the page / open in the stage)`,
    );
    const m30 = (await ops['metrics, last 30 days']!()) as Awaited<ReturnType<typeof pipelineMetrics>>;
    console.log(
      `  metrics 30 days: open ${m30.open.count}, won ${m30.won.count}, lost ${m30.lost.count}, entered ${m30.stages.map((s) => s.entered).join('/')}, ` +
        `advanced ${m30.stages.map((s) => s.advanced).join('/')}, exits ${m30.stages.map((s) => s.exits).join('/')}, ${m30.outcomes.length} ${m30.period.bucket} buckets, ${m30.byUser.length} assignees`,
    );
    const m365 = (await ops['metrics, last 365 days']!()) as Awaited<ReturnType<typeof pipelineMetrics>>;
    console.log(
      `  metrics 365 days: won ${m365.won.count}, lost ${m365.lost.count}, entered ${m365.stages.map((s) => s.entered).join('/')}, ${m365.outcomes.length} ${m365.period.bucket} buckets`,
    );

    const stats = await runInterleaved(
      Object.entries(ops).map(([name, op]) => ({ name, op })),
      { rounds, iterations, warmup },
    );
    const base = stats.get(BASELINE)!;
    const floor = stats.get(FLOOR)!;
    const targetOf = (name: string) =>
      name.startsWith('board')
        ? TARGETS.boardP95Ms
        : name.startsWith('metrics')
          ? TARGETS.metricsP95Ms
          : name.startsWith('stage move')
            ? TARGETS.moveP95Ms
            : undefined;
    printTable(
      'Pipeline operations (services under withTenant, RLS on)',
      [
        'operation',
        'n',
        'p50 ms',
        'p95 ms',
        'mean ms',
        'p50 vs baseline',
        'p50 vs floor',
        'target p95',
        'verdict',
      ],
      [...stats.entries()].map(([name, s]) => {
        const target = targetOf(name);
        return [
          name,
          String(s.count),
          s.p50Ms.toFixed(2),
          s.p95Ms.toFixed(2),
          s.meanMs.toFixed(2),
          `${(s.p50Ms / base.p50Ms).toFixed(1)}x`,
          `${(s.p50Ms / floor.p50Ms).toFixed(1)}x`,
          target ? `<= ${target}` : '-',
          target ? (s.p95Ms <= target ? 'PASS' : 'MISS') : '-',
        ];
      }),
    );

    const scope = { agencyId: a.agencyId, subAccountId: big, userId: a.ownerUserId };
    for (const [name, op] of Object.entries(ops)) {
      if (name === BASELINE || name === FLOOR) continue;
      const statements = await capture(op);
      // The captured move already happened: put the card back so that the explained update moves it.
      if (name.startsWith('stage move'))
        await db.raw.query(`update opportunities set stage_id = $2 where sub_account_id = $3 and id = $1`, [
          lastMove.id,
          lastMove.from,
          big,
        ]);
      const plans = await explainAll(scope, statements);
      console.log(`\n--- EXPLAIN (ANALYZE, BUFFERS): ${name} (${plans.length} statements)`);
      for (const p of plans) console.log(`${p.sql.replace(/\s+/g, ' ').slice(0, 400)}\n${p.plan}\n`);
    }
    return {
      contacts: count('contacts'),
      opportunities: count('open') + count('won') + count('lost'),
      history: count('history'),
      seedSeconds,
      stats,
    };
  } finally {
    bindJobQueue(undefined);
    await db.drop();
  }
}

if (isMain(import.meta.url)) {
  await runPipelinesBench();
  process.exit(0);
}
