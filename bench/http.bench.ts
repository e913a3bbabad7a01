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

export const TARGETS = {
  bare: 'bare Fastify, JSON from memory',
  apiKey: 'OpenLevel, API key (Bearer)',
  cookie: 'OpenLevel, session cookie',
} as const;

export type HttpBenchResult = {
  stats: Map<string, Stats>;
  /** Subject / bare: req/s ratio (below 1 = fewer) and p95 ratio (above 1 = slower). */
  ratios: Record<'apiKey' | 'cookie', { rps: number; p95: number; mean: number }>;
  connections: number;
};

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

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * The statements (round trips to PostgreSQL) one request sends, by wrapping pg.Client#query
 * for the duration of `fn` (node-postgres sends one query at a time per connection, and each
 * query is one round trip: a simple-protocol script or Parse/Bind/Execute/Sync).
 */
export async function recordStatements(fn: () => Promise<unknown>): Promise<string[]> {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const seen: string[] = [];
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
    if (text !== undefined) seen.push(text.replace(/\s+/g, ' ').trim());
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return seen;
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

    // What one request costs in round trips (recorded on a quiet server, one request at a time).
    for (const [label, headers] of [
      ['API key', apiKeyHeaders],
      ['session cookie', cookieHeaders],
    ] as const) {
      const statements = await recordStatements(() => getJson(`${appUrl}${routePath}`, headers));
      console.log(`\n${label}: ${statements.length} round trips to PostgreSQL per request`);
      for (const statement of statements) console.log(`  - ${short(statement)}`);
    }

    // The baseline: same Fastify, same path shape, the same object straight from memory.
    bare.get('/api/v1/sub-accounts/:subAccountId/team-members/:teamMemberId', async () => body);
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
    const viaBare = await getJson(`${bareUrl}${routePath}`, {});
    if (JSON.stringify(viaBare.body) !== JSON.stringify(body)) throw new Error('Bare response differs');

    const targets = [
      { name: TARGETS.bare, url: `${bareUrl}${routePath}`, headers: {} },
      { name: TARGETS.apiKey, url: `${appUrl}${routePath}`, headers: apiKeyHeaders },
      { name: TARGETS.cookie, url: `${appUrl}${routePath}`, headers: cookieHeaders },
    ];
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
    const base = stats.get(TARGETS.bare)!;
    const against = (name: string) => {
      const s = stats.get(name)!;
      return {
        rps: ratio(s.opsPerSec, base.opsPerSec),
        p95: ratio(s.p95Ms, base.p95Ms),
        mean: ratio(s.meanMs, base.meanMs),
      };
    };
    const ratios = { apiKey: against(TARGETS.apiKey), cookie: against(TARGETS.cookie) };
    const rows = targets.map((t) => {
      const s = stats.get(t.name)!;
      const r =
        t.name === TARGETS.bare
          ? { rps: 1, p95: 1 }
          : t.name === TARGETS.apiKey
            ? ratios.apiKey
            : ratios.cookie;
      return [
        t.name,
        String(s.count),
        s.opsPerSec.toFixed(0),
        s.p50Ms.toFixed(2),
        s.p95Ms.toFixed(2),
        s.meanMs.toFixed(2),
        `${r.rps.toFixed(2)}x`,
        `${r.p95.toFixed(2)}x`,
      ];
    });
    printTable(
      `http: GET ${'/api/v1/sub-accounts/{id}/team-members/{id}'}, ${connections} connections`,
      ['target', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'mean ms', 'req/s vs bare', 'p95 vs bare'],
      rows,
    );
    console.log(
      `\nfull stack per request (1 / req/s, ${connections} connections): API key ${(1000 / stats.get(TARGETS.apiKey)!.opsPerSec).toFixed(3)} ms, ` +
        `cookie ${(1000 / stats.get(TARGETS.cookie)!.opsPerSec).toFixed(3)} ms, bare ${(1000 / base.opsPerSec).toFixed(3)} ms of server+client time`,
    );
    return { stats, ratios, connections };
  } finally {
    await load.close();
    await bare.close();
    await stopRuntime?.();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  await runHttpBench();
}
