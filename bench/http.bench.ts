/**
 * GET of one team member through the whole product (authentication by API key and by session
 * cookie, access resolution, permission check, tenant transaction, zod serialization, helmet,
 * rate limiting) against a bare Fastify instance returning the same JSON object from memory.
 * Both listen on 127.0.0.1 in this process; the load comes from a worker thread (bench/load-worker.ts)
 * with keep-alive connections, in alternating rounds.
 *
 * Run: npx tsx bench/http.bench.ts (PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import pg from 'pg';
import { createTestDatabase } from '../apps/api/test/test-database.ts';
import { loadConfig } from '../apps/api/src/platform/config/config.ts';
import { startRuntime } from '../apps/api/src/runtime.ts';
import type { LoadJob, LoadResult } from './load-worker.ts';
import {
  type Captured,
  captureStatements,
  seedBenchTenants,
  envInt,
  isMain,
  machineLine,
  printTable,
  ratio,
  type Stats,
  summarize,
  useBenchDatabase,
} from './lib.ts';

/** What each endpoint is measured against: the same SQL on a bare Fastify with a `pg` Pool. */
export type Endpoint = 'member' | 'list';

export type HttpBenchResult = {
  stats: Map<string, Stats>;
  /**
   * OpenLevel / same-SQL baseline per endpoint and credential: req/s ratio (below 1 = fewer) and
   * p95 ratio (above 1 = slower); `vsBareJson` is the member GET against JSON from memory.
   */
  ratios: Record<Endpoint, Record<'apiKey' | 'cookie', { rps: number; p95: number }>>;
  vsBareJson: Record<'apiKey' | 'cookie', { rps: number; p95: number }>;
  statementsPerRequest: Record<'apiKey' | 'cookie', number>;
  connections: number;
};

export const TARGETS = {
  bare: 'bare Fastify, JSON from memory (member)',
  sqlMember: 'bare Fastify + pg, same SQL (member)',
  keyMember: 'OpenLevel, API key (member)',
  cookieMember: 'OpenLevel, session cookie (member)',
  sqlList: 'bare Fastify + pg, same SQL (list)',
  keyList: 'OpenLevel, API key (list)',
  cookieList: 'OpenLevel, session cookie (list)',
} as const;

class LoadGenerator {
  // tsx does not follow into worker threads: a two-line bootstrap loads the TypeScript file with
  // tsx's own API.
  private readonly worker = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => ` +
      `tsImport(${JSON.stringify(new URL('./load-worker.ts', import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`,
    { eval: true, workerData: { loadWorker: true } },
  );
  private failure: Error | undefined;

  constructor() {
    this.worker.on('error', (error) => {
      this.failure = error;
    });
  }

  run(job: LoadJob): Promise<LoadResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const onMessage = (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
        this.worker.off('error', reject);
        if (message.ok) resolve(message.result);
        else reject(new Error(message.error));
      };
      this.worker.once('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

async function getJson(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json() };
}

/** The inline worker's polling (job queue, outbox), which shares the pool but is no request's. */
const BACKGROUND = /pgboss\.|event_deliveries|from "?outbox"?/i;
const CONTEXT_END = 'SET LOCAL ROLE openlevel_app;';

/**
 * The statements the product ran in its tenant context: what the same-SQL baseline replays. A
 * read-only transaction sends each one behind the context, a read-write one sends the first behind
 * BEGIN and the context, the rest alone until COMMIT (platform/db/database.ts); the baseline sends
 * each statement alone, without any of that.
 */
function ownStatements(seen: Captured[]): Captured[] {
  const own: Captured[] = [];
  let inTransaction = false;
  for (const statement of seen) {
    const at = statement.text.indexOf(CONTEXT_END);
    if (at >= 0) {
      inTransaction = statement.text.startsWith('BEGIN');
      own.push({ text: statement.text.slice(at + CONTEXT_END.length), values: [] });
    } else if (statement.text === 'COMMIT') inTransaction = false;
    else if (inTransaction) own.push(statement);
  }
  if (own.length === 0) throw new Error('No tenant statement in the recorded request');
  return own;
}

function short(statement: string): string {
  return statement.length > 110 ? `${statement.slice(0, 107)}...` : statement;
}

export async function runHttpBench(): Promise<HttpBenchResult> {
  useBenchDatabase();
  const rounds = envInt('BENCH_ROUNDS', 5);
  const roundMs = envInt('BENCH_HTTP_ROUND_MS', 3000);
  const warmupMs = envInt('BENCH_HTTP_WARMUP_MS', 2000);
  const connections = envInt('BENCH_HTTP_CONNECTIONS', 8);
  const maxRequests = envInt('BENCH_HTTP_MAX_REQUESTS', 200_000);
  console.log(
    `\n== http: ${rounds} rounds x ${roundMs} ms per target, ${connections} keep-alive connections, warm-up ${warmupMs} ms (${machineLine()})`,
  );

  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openlevel-bench-'));
  const load = new LoadGenerator();
  const bare = Fastify({ logger: false });
  const sameSql = Fastify({ logger: false });
  let sqlPool: pg.Pool | undefined;
  let stopRuntime: (() => Promise<void>) | undefined;
  try {
    const { a } = await seedBenchTenants();
    const subAccountId = a.subAccountIds[0];
    const found = await database.raw.query<{ id: string }>(
      "select id from team_members where sub_account_id = $1 and name = 'Dana Closer'",
      [subAccountId],
    );
    const teamMemberId = found.rows[0]?.id;
    if (!teamMemberId) throw new Error('Seeded team member not found');

    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const config = loadConfig({
      ...inherited,
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      EMAIL_PROVIDER: 'dev',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      // The limiter stays in the path (its cost is measured) but must not answer 429 to the load.
      RATE_LIMIT_PER_MINUTE: String(1_000_000_000),
    });
    const runtime = await startRuntime(config, { database, seed: false, logger: false });
    stopRuntime = () => runtime.stop();
    const appUrl = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
    const routePath = `/api/v1/sub-accounts/${subAccountId}/team-members/${teamMemberId}`;

    const login = await fetch(`${appUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: a.ownerEmail, password: a.password }),
    });
    const sessionCookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('ol_session='));
    if (login.status !== 200 || !sessionCookie)
      throw new Error(`Login failed: ${login.status} ${await login.text()}`);

    const apiKeyHeaders = { authorization: `Bearer ${a.apiKey.secret}` };
    const cookieHeaders = { cookie: sessionCookie };
    const viaKey = await getJson(`${appUrl}${routePath}`, apiKeyHeaders);
    const viaCookie = await getJson(`${appUrl}${routePath}`, cookieHeaders);
    if (viaKey.status !== 200 || viaCookie.status !== 200) {
      throw new Error(
        `Team member GET failed: key ${viaKey.status}, cookie ${viaCookie.status}: ${JSON.stringify(viaKey.body)}`,
      );
    }
    const body = viaKey.body;
    if (JSON.stringify(viaCookie.body) !== JSON.stringify(body))
      throw new Error('Key and cookie responses differ');

    // A list worth paging: 120 contacts, created through the API.
    for (let i = 0; i < 120; i++) {
      const created = await fetch(`${appUrl}/api/v1/sub-accounts/${subAccountId}/contacts`, {
        method: 'POST',
        headers: { ...apiKeyHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({
          firstName: `Bench${i}`,
          lastName: 'Lister',
          email: `bench${i}@lister.example`,
          allowDuplicate: true,
        }),
      });
      if (created.status !== 201 && created.status !== 200)
        throw new Error(`Contact create failed: ${created.status} ${await created.text()}`);
    }
    // The inline worker delivers those contacts' events; let it finish, so that what is recorded
    // below is the request alone.
    for (let waited = 0; ; waited += 200) {
      const { rows } = await database.raw.query<{ pending: number }>(
        `select (select count(*) from outbox where dispatched_at is null)::int +
                (select count(*) from event_deliveries where status = 'pending')::int as pending`,
      );
      if (rows[0]!.pending === 0) break;
      if (waited > 120_000) throw new Error('The outbox did not drain in two minutes');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const endpoints: Record<Endpoint, { label: string; path: string }> = {
      member: { label: 'GET one team member', path: routePath },
      list: {
        label: 'GET first page of 50 contacts',
        path: `/api/v1/sub-accounts/${subAccountId}/contacts?limit=50`,
      },
    };

    // What one request sends to PostgreSQL (recorded on a quiet server, one request at a time),
    // and the statements of its tenant transaction, which the same-SQL baseline replays.
    const replay = new Map<Endpoint, Captured[]>();
    const statementsPerRequest = { apiKey: 0, cookie: 0 };
    for (const endpoint of ['member', 'list'] as const) {
      for (const [credential, label, headers] of [
        ['apiKey', 'API key', apiKeyHeaders],
        ['cookie', 'session cookie', cookieHeaders],
      ] as const) {
        const url = `${appUrl}${endpoints[endpoint].path}`;
        await getJson(url, headers); // the caches are warm, as they are under load
        const seen = (
          await captureStatements(async () => {
            const answer = await getJson(url, headers);
            if (answer.status !== 200) throw new Error(`${url}: ${answer.status}`);
          })
        ).filter((statement) => !BACKGROUND.test(statement.text));
        console.log(
          `\n${endpoints[endpoint].label}, ${label}: ${seen.length} statements to PostgreSQL per request`,
        );
        for (const statement of seen) console.log(`  - ${short(statement.text.replace(/\s+/g, ' ').trim())}`);
        if (endpoint === 'member') statementsPerRequest[credential] = seen.length;
        if (!replay.has(endpoint)) replay.set(endpoint, ownStatements(seen));
      }
    }

    // Baselines: the same Fastify, the same path; one returns the object from memory, the other
    // runs the product's own SQL for the request on a pg Pool of the product's size, no auth, no
    // tenant context, no transaction.
    bare.get('/api/v1/sub-accounts/:subAccountId/team-members/:teamMemberId', async () => body);
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
    const viaBare = await getJson(`${bareUrl}${routePath}`, {});
    if (JSON.stringify(viaBare.body) !== JSON.stringify(body)) throw new Error('Bare response differs');
    sqlPool = new pg.Pool({ connectionString: database.url, max: config.databasePoolSize });
    const pool = sqlPool;
    for (const endpoint of ['member', 'list'] as const) {
      const statements = replay.get(endpoint)!;
      const route =
        endpoint === 'member'
          ? '/api/v1/sub-accounts/:subAccountId/team-members/:teamMemberId'
          : '/api/v1/sub-accounts/:subAccountId/contacts';
      sameSql.get(route, async () => {
        let rows: unknown[] = [];
        for (const statement of statements) rows = (await pool.query(statement.text, statement.values)).rows;
        return endpoint === 'member' ? rows[0] : { data: rows };
      });
    }
    const sameSqlUrl = await sameSql.listen({ port: 0, host: '127.0.0.1' });
    for (const endpoint of ['member', 'list'] as const) {
      const answer = await getJson(`${sameSqlUrl}${endpoints[endpoint].path}`, {});
      if (answer.status !== 200) throw new Error(`same-SQL ${endpoint}: ${answer.status}`);
    }

    const targets = [
      { name: TARGETS.bare, url: `${bareUrl}${routePath}`, headers: {} },
      { name: TARGETS.sqlMember, url: `${sameSqlUrl}${routePath}`, headers: {} },
      { name: TARGETS.keyMember, url: `${appUrl}${routePath}`, headers: apiKeyHeaders },
      { name: TARGETS.cookieMember, url: `${appUrl}${routePath}`, headers: cookieHeaders },
      { name: TARGETS.sqlList, url: `${sameSqlUrl}${endpoints.list.path}`, headers: {} },
      { name: TARGETS.keyList, url: `${appUrl}${endpoints.list.path}`, headers: apiKeyHeaders },
      { name: TARGETS.cookieList, url: `${appUrl}${endpoints.list.path}`, headers: cookieHeaders },
    ];
    // BENCH_HTTP_ONLY=<text>: load only the targets whose name contains it (for profiling one path).
    const only = process.env.BENCH_HTTP_ONLY;
    if (only) {
      for (const target of targets.filter((t) => t.name.includes(only)))
        await load.run({
          url: target.url,
          headers: target.headers,
          connections,
          durationMs: roundMs,
          maxRequests,
        });
      console.log(`BENCH_HTTP_ONLY=${only}: loaded ${roundMs} ms, no figures`);
      return {
        stats: new Map(),
        ratios: undefined!,
        vsBareJson: undefined!,
        statementsPerRequest,
        connections,
      };
    }
    for (const target of targets) {
      await load.run({
        url: target.url,
        headers: target.headers,
        connections,
        durationMs: warmupMs,
        maxRequests,
      });
    }
    const latencies = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    const wall = new Map<string, number>(targets.map((t) => [t.name, 0]));
    const failures = new Map<string, string[]>();
    for (let round = 0; round < rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
      for (const target of order) {
        const result = await load.run({
          url: target.url,
          headers: target.headers,
          connections,
          durationMs: roundMs,
          maxRequests,
        });
        latencies.get(target.name)!.push(...result.latenciesMs);
        wall.set(target.name, wall.get(target.name)! + result.wallMs);
        if (result.errors || Object.keys(result.statuses).length) {
          const list = failures.get(target.name) ?? [];
          list.push(
            `round ${round + 1}: ${result.errors} errors, statuses ${JSON.stringify(result.statuses)}`,
          );
          failures.set(target.name, list);
        }
      }
      process.stdout.write(`  round ${round + 1}/${rounds} done\n`);
    }
    for (const [name, list] of failures) console.log(`non-200 answers for ${name}: ${list.join('; ')}`);
    if (failures.size) throw new Error('Some requests failed: the figures would not compare like with like');

    const stats = new Map<string, Stats>(
      targets.map((t) => [t.name, summarize(latencies.get(t.name)!, wall.get(t.name)!)]),
    );
    const against = (name: string, baseline: string) => {
      const s = stats.get(name)!;
      const b = stats.get(baseline)!;
      return { rps: ratio(s.opsPerSec, b.opsPerSec), p95: ratio(s.p95Ms, b.p95Ms) };
    };
    const ratios = {
      member: {
        apiKey: against(TARGETS.keyMember, TARGETS.sqlMember),
        cookie: against(TARGETS.cookieMember, TARGETS.sqlMember),
      },
      list: {
        apiKey: against(TARGETS.keyList, TARGETS.sqlList),
        cookie: against(TARGETS.cookieList, TARGETS.sqlList),
      },
    };
    const vsBareJson = {
      apiKey: against(TARGETS.keyMember, TARGETS.bare),
      cookie: against(TARGETS.cookieMember, TARGETS.bare),
    };
    const baselineOf = (name: string) =>
      name === TARGETS.bare || name === TARGETS.sqlMember || name === TARGETS.sqlList
        ? undefined
        : name.endsWith('(member)')
          ? TARGETS.sqlMember
          : TARGETS.sqlList;
    const rows = targets.map((t) => {
      const s = stats.get(t.name)!;
      const base = baselineOf(t.name);
      const r = base ? against(t.name, base) : undefined;
      const j = t.name.endsWith('(member)') && base ? against(t.name, TARGETS.bare) : undefined;
      return [
        t.name,
        String(s.count),
        s.opsPerSec.toFixed(0),
        s.p50Ms.toFixed(2),
        s.p95Ms.toFixed(2),
        r ? `${r.rps.toFixed(2)}x` : '',
        r ? `${r.p95.toFixed(2)}x` : '',
        j ? `${j.rps.toFixed(2)}x` : '',
      ];
    });
    printTable(
      `http: ${connections} keep-alive connections`,
      [
        'target',
        'requests',
        'req/s',
        'p50 ms',
        'p95 ms',
        'req/s vs same SQL',
        'p95 vs same SQL',
        'req/s vs JSON',
      ],
      rows,
    );
    const verdict = (r: { rps: number; p95: number }) => (r.rps >= 0.5 && r.p95 <= 2 ? 'PASS' : 'MISS');
    for (const endpoint of ['member', 'list'] as const) {
      for (const credential of ['apiKey', 'cookie'] as const) {
        const r = ratios[endpoint][credential];
        console.log(
          `${verdict(r)} ${endpoints[endpoint].label}, ${credential === 'apiKey' ? 'API key' : 'session cookie'}: ` +
            `${r.rps.toFixed(2)}x the same-SQL req/s (target >= 0.5x), p95 ${r.p95.toFixed(2)}x (target <= 2x)`,
        );
      }
    }
    return { stats, ratios, vsBareJson, statementsPerRequest, connections };
  } finally {
    await load.close();
    await bare.close();
    await sameSql.close();
    await sqlPool?.end();
    await stopRuntime?.();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  await runHttpBench();
}
