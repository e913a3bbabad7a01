/**
 * Runs every benchmark in sequence (`npm run bench`). Each prints its own tables and ratios
 * against a baseline measured in the same process; this prints a short summary at the end.
 * Options (environment): BENCH_DATABASE_URL or TEST_DATABASE_URL, BENCH_ROUNDS, BENCH_ITERATIONS,
 * BENCH_WARMUP, BENCH_FILLER_ROWS, BENCH_HTTP_ROUND_MS, BENCH_HTTP_WARMUP_MS, BENCH_HTTP_CONNECTIONS,
 * BENCH_CONTACTS, BENCH_IMPORT_ROWS, BENCH_CONTACT_ROUNDS, BENCH_CONTACT_ITERATIONS, BENCH_CONTACT_WARMUP,
 * BENCH_PIPELINE_CONTACTS, BENCH_OPEN_OPPORTUNITIES, BENCH_PIPELINE_ROUNDS, BENCH_PIPELINE_ITERATIONS,
 * BENCH_PIPELINE_WARMUP.
 */
import { runContactsBench, TARGETS as CONTACT_TARGETS } from './contacts.bench.ts';
import { runHttpBench } from './http.bench.ts';
import { runPipelinesBench, TARGETS as PIPELINE_TARGETS } from './pipelines.bench.ts';
import { useBenchDatabase } from './lib.ts';
import { runTenantContextBench, TARGET_RATIO } from './tenant-context.bench.ts';

export async function runAll(): Promise<void> {
  const url = useBenchDatabase();
  console.log(`OpenLevel benchmarks on ${new URL(url).host} (${new Date().toISOString()})`);
  const tenant = await runTenantContextBench();
  const http = await runHttpBench();
  const contacts = await runContactsBench();
  const pipelines = await runPipelinesBench();
  console.log('\n== summary');
  console.log(
    `tenant context (target <= ${TARGET_RATIO}x, p50): vs (a) autocommit select ${tenant.against.autocommit.p50.toFixed(2)}x ` +
      `${tenant.passAutocommit ? 'PASS' : 'MISS'}; vs (b) plain transaction ${tenant.against.plainTx.p50.toFixed(2)}x ` +
      `${tenant.passPlainTx ? 'PASS' : 'MISS'}; naive pattern ${(1 / tenant.against.naive.p50).toFixed(2)}x slower than withTenant`,
  );
  console.log(
    `http (${http.connections} connections), vs the same SQL on bare Fastify + pg: ` +
      (['member', 'list'] as const)
        .map(
          (e) =>
            `${e}: API key req/s ${http.ratios[e].apiKey.rps.toFixed(2)}x, p95 ${http.ratios[e].apiKey.p95.toFixed(2)}x; ` +
            `cookie req/s ${http.ratios[e].cookie.rps.toFixed(2)}x, p95 ${http.ratios[e].cookie.p95.toFixed(2)}x`,
        )
        .join('; '),
  );
  const p95 = (name: string) => contacts.stats.get(name)?.p95Ms.toFixed(1) ?? '-';
  console.log(
    `contacts (${contacts.contacts} in one sub-account, seeded in ${contacts.seedSeconds.toFixed(0)} s), p95 ms: ` +
      `first page ${p95('first page by created_at')}, tag + custom field ${p95('filter tag + custom field')} (target <= ${CONTACT_TARGETS.listP95Ms}); ` +
      `search name ${p95('search partial name')}, email ${p95('search email prefix')}, phone ${p95('search phone digits')} (target <= ${CONTACT_TARGETS.searchP95Ms}); ` +
      `import ${contacts.importRowsPerSec.toFixed(0)} rows/s (target >= ${CONTACT_TARGETS.importRowsPerSec}); ` +
      `search RLS/owner p50 ${contacts.rlsRatio.p50.toFixed(2)}x (target <= ${CONTACT_TARGETS.rlsRatio}x); ` +
      `large scans: ${contacts.scans.length === 0 ? 'none' : contacts.scans.join(', ')}`,
  );
  const pp95 = (name: string) => pipelines.stats.get(name)?.p95Ms.toFixed(1) ?? '-';
  console.log(
    `pipelines (${pipelines.contacts} contacts, ${pipelines.opportunities} opportunities, ${pipelines.history} history rows, seeded in ${pipelines.seedSeconds.toFixed(0)} s), p95 ms: ` +
      `board ${pp95('board: first page of every column')}, one column ${pp95('board: one column (largest), first page')} (target <= ${PIPELINE_TARGETS.boardP95Ms}); ` +
      `metrics 30 days ${pp95('metrics, last 30 days')}, 365 days ${pp95('metrics, last 365 days')} (target <= ${PIPELINE_TARGETS.metricsP95Ms}); ` +
      `stage move ${pp95('stage move (updateOpportunity)')} (target <= ${PIPELINE_TARGETS.moveP95Ms})`,
  );
}

await runAll();
