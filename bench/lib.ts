import pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bindJobQueue, boundJobQueue, type JobQueue } from '../apps/api/src/platform/jobs/job-queue.ts';
import { seedTwoTenants, type Tenant } from '../apps/api/test/fixtures.ts';

/**
 * Shared helpers for the benchmarks: interleaved rounds, latency statistics and table printing.
 * Figures are only ever compared with a baseline measured in the same process, in alternating
 * rounds, because absolute numbers on a small shared machine drift from minute to minute.
 */

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Points createTestDatabase() at PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else local. */
export function useBenchDatabase(): string {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  process.env.TEST_DATABASE_URL = url;
  // Seeding hashes passwords; the cost of bcrypt is not what is measured here.
  process.env.BCRYPT_COST ??= '4';
  return url;
}

export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

export type Stats = {
  count: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  /** Completed operations per second of wall time spent on this variant. */
  opsPerSec: number;
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Latencies in milliseconds, wall time in milliseconds. */
export function summarize(latenciesMs: number[], wallMs: number): Stats {
  const sorted = Float64Array.from(latenciesMs).sort();
  const sum = latenciesMs.reduce((a, b) => a + b, 0);
  return {
    count: latenciesMs.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    meanMs: latenciesMs.length ? sum / latenciesMs.length : Number.NaN,
    opsPerSec: wallMs > 0 ? (latenciesMs.length / wallMs) * 1000 : Number.NaN,
  };
}

export type Variant = {
  /** Short name used in tables. */
  name: string;
  /** One operation; awaited sequentially. */
  op: () => Promise<unknown>;
};

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Runs every variant `warmup` times, then `rounds` rounds of `iterations` sequential operations
 * each, rotating the order of the variants from round to round so that drift (other processes,
 * autovacuum, CPU frequency) is spread evenly over all of them.
 */
export async function runInterleaved(
  variants: Variant[],
  options: { rounds: number; iterations: number; warmup: number; onRound?: (round: number) => void },
): Promise<Map<string, Stats>> {
  for (const variant of variants) {
    for (let i = 0; i < options.warmup; i++) await variant.op();
  }
  const latencies = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const wall = new Map<string, number>(variants.map((v) => [v.name, 0]));
  for (let round = 0; round < options.rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
    for (const variant of order) {
      const samples = latencies.get(variant.name)!;
      const start = nowMs();
      for (let i = 0; i < options.iterations; i++) {
        const t0 = nowMs();
        await variant.op();
        samples.push(nowMs() - t0);
      }
      wall.set(variant.name, wall.get(variant.name)! + (nowMs() - start));
    }
    options.onRound?.(round + 1);
  }
  return new Map(variants.map((v) => [v.name, summarize(latencies.get(v.name)!, wall.get(v.name)!)]));
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

export function ratio(subject: number, baseline: number): number {
  return subject / baseline;
}

/**
 * Prints one row per variant with its statistics and the ratio of its p50 and mean to the
 * baseline's (a ratio above 1 means slower than the baseline).
 */
export function printLatencyTable(title: string, stats: Map<string, Stats>, baseline: string): void {
  const base = stats.get(baseline);
  if (!base) throw new Error(`No baseline ${baseline}`);
  const rows = [...stats.entries()].map(([name, s]) => [
    name,
    String(s.count),
    fmt(s.p50Ms, 3),
    fmt(s.p95Ms, 3),
    fmt(s.meanMs, 3),
    fmt(s.opsPerSec, 0),
    `${fmt(ratio(s.p50Ms, base.p50Ms), 2)}x`,
    `${fmt(ratio(s.meanMs, base.meanMs), 2)}x`,
  ]);
  printTable(
    title,
    ['variant', 'n', 'p50 ms', 'p95 ms', 'mean ms', 'ops/s', 'p50 ratio', 'mean ratio'],
    rows,
  );
  console.log(`(ratios against: ${baseline})`);
}

export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(
    '|' + widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|') + '|',
  );
  for (const row of rows) console.log(line(row));
}

export function machineLine(): string {
  return `node ${process.version}, ${process.platform}/${process.arch}, ${os.availableParallelism()} CPUs`;
}

/** True when `moduleUrl` is the file node was started with (so a bench file can run on its own). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && moduleUrl === pathToFileURL(path.resolve(entry)).href;
}

function hasJobQueue(): boolean {
  try {
    boundJobQueue();
    return true;
  } catch {
    return false;
  }
}

/**
 * The two-tenant fixture on the bound database. The job queue the fixture starts for seeding is
 * stopped and unbound afterwards, so that the next benchmark in this process starts its own.
 */
export async function seedBenchTenants(): Promise<{ a: Tenant; b: Tenant }> {
  const hadQueue = hasJobQueue();
  const { a, b, stop } = await seedTwoTenants();
  await stop();
  if (!hadQueue) bindJobQueue(undefined);
  return { a, b };
}

export type Captured = { text: string; values: unknown[] };

/** Every statement sent through pg while `fn` runs, with its values (for EXPLAIN of what services send). */
export async function captureStatements(fn: () => Promise<unknown>): Promise<Captured[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: Captured[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === 'string') seen.push({ text: first, values: Array.isArray(second) ? second : [] });
    else if (first && typeof first === 'object' && 'text' in first) {
      const q = first as { text: string; values?: unknown[] };
      seen.push({ text: q.text, values: q.values ?? (Array.isArray(second) ? second : []) });
    }
    return original.apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return seen;
}

/**
 * A job queue that delivers nothing: a bench runs the jobs it times itself, so what the services
 * send is dropped.
 */
export const inertJobQueue: JobQueue = {
  async start() {},
  async defineQueue() {},
  async send() {
    return null;
  },
  async work() {},
  async stop() {},
  async getJob() {
    return null;
  },
};
