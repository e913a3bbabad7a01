import {
  type Actor,
  can,
  inEachSubAccount,
  inTenant,
  type SubAccountContext,
  requirePermission,
} from '../../platform/access/access.ts';
import { listAllSubAccounts } from '../agencies/index.ts';
import { pipelineNames, pipelineStages } from '../pipelines/index.ts';
import { invalid, notFound } from '../../platform/errors/app-error.ts';
import * as repo from './pipeline-metrics.repository.ts';
import {
  type AgencyPipelinesView,
  type ClosedAmount,
  DAILY_BUCKETS_UP_TO_DAYS,
  DEFAULT_PERIOD_DAYS,
  MAX_PERIOD_DAYS,
  type OpenAmount,
  type PipelineMetricsQuery,
  type PipelineMetricsView,
  type PipelineTotals,
  type UserMetrics,
} from './pipeline-metrics.schemas.ts';

const DAY_MS = 86_400_000;

/** Today's date (YYYY-MM-DD) in a time zone. */
function today(timeZone: string, now: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The period a query asks for, its defaults filled in and its length checked. */
export function resolvePeriod(
  query: { from?: string | undefined; to?: string | undefined; timeZone: string },
  now = new Date(),
): repo.MetricsPeriod {
  const to =
    query.to ?? (query.from ? maxDay(query.from, today(query.timeZone, now)) : today(query.timeZone, now));
  const from = query.from ?? toDay(dayMs(to) - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS);
  if (from > to) throw invalid('query.from', 'must be on or before to');
  const days = (dayMs(to) - dayMs(from)) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS)
    throw invalid('query.to', `the period is ${days} days; it may be at most ${MAX_PERIOD_DAYS} days`);
  return { from, to, timeZone: query.timeZone, bucket: days <= DAILY_BUCKETS_UP_TO_DAYS ? 'day' : 'week' };
}

const maxDay = (a: string, b: string) => (a > b ? a : b);

/** Every bucket's first day, from the one holding `from` to the one holding `to`. */
export function bucketStarts(period: repo.MetricsPeriod): string[] {
  let ms = dayMs(period.from);
  // ISO weeks start on Monday, as date_trunc('week') does.
  if (period.bucket === 'week') ms -= ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
  const step = period.bucket === 'week' ? 7 * DAY_MS : DAY_MS;
  const starts: string[] = [];
  for (const end = dayMs(period.to); ms <= end; ms += step) starts.push(toDay(ms));
  return starts;
}

type OpenFigures = { count: number; byCurrency: OpenAmount[] };
type ClosedFigures = { count: number; byCurrency: ClosedAmount[] };

const byCurrency = <T extends { currency: string }>(items: T[]) =>
  items.sort((a, b) => a.currency.localeCompare(b.currency));

/** Adds two exact sums of minor units (decimal strings), as BigInt: never through a float. */
const plus = (a: string, b: string) => (BigInt(a) + BigInt(b)).toString();

function addOpen(into: OpenFigures, row: OpenAmount): void {
  into.count += row.count;
  const same = into.byCurrency.find((c) => c.currency === row.currency);
  if (same) {
    same.count += row.count;
    same.value = plus(same.value, row.value);
    same.weightedValue = plus(same.weightedValue, row.weightedValue);
  } else into.byCurrency.push({ ...row });
  byCurrency(into.byCurrency);
}

function addClosed(into: ClosedFigures, row: ClosedAmount): void {
  into.count += row.count;
  const same = into.byCurrency.find((c) => c.currency === row.currency);
  if (same) {
    same.count += row.count;
    same.value = plus(same.value, row.value);
  } else into.byCurrency.push({ ...row });
  byCurrency(into.byCurrency);
}

const emptyOpen = (): OpenFigures => ({ count: 0, byCurrency: [] });
const emptyClosed = (): ClosedFigures => ({ count: 0, byCurrency: [] });
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The forecast (open cards now, weighted by each stage's win probability) and the performance over
 * a period (entries and conversions per stage, time in stage, won and lost) of one pipeline.
 */
export async function pipelineMetrics(
  ctx: SubAccountContext,
  pipelineId: string,
  query: PipelineMetricsQuery,
): Promise<PipelineMetricsView> {
  requirePermission(ctx, 'pipelines:read');
  const subAccountId = ctx.subAccountId;
  const period = resolvePeriod(query);
  const stageRecords = await pipelineStages(ctx, pipelineId);
  if (!stageRecords) throw notFound('Pipeline');
  const scope = { subAccountIds: [subAccountId], pipelineId, assignedUserId: query.assignedUserId };
  const stages = stageRecords.map((s) => ({
    stageId: s.id,
    name: s.name,
    position: s.position,
    winProbability: s.winProbability,
  }));
  await repo.allowReportMemory();
  const groups = await repo.opportunityTotals(scope, period);
  const flow = await repo.stageFlow(
    scope,
    period,
    stages.map((s) => s.stageId),
  );

  const stageOpen = new Map(stages.map((s) => [s.stageId, emptyOpen()]));
  const users = new Map<string | null, UserMetrics>();
  const user = (id: string | null) => {
    let u = users.get(id);
    if (!u) {
      u = { assignedUserId: id, open: emptyOpen(), won: emptyClosed(), lost: emptyClosed() };
      users.set(id, u);
    }
    return u;
  };
  const open = emptyOpen();
  const won = emptyClosed();
  const lost = emptyClosed();
  const buckets = new Map(
    bucketStarts(period).map((start) => [start, { start, won: emptyClosed(), lost: emptyClosed() }]),
  );
  for (const g of groups) {
    const { currency, count, value } = g;
    if (g.status === 'open') {
      const amount = { currency, count, value, weightedValue: g.weightedValue };
      if (g.grouping === 'stage') {
        const figures = stageOpen.get(g.stageId!);
        if (figures) addOpen(figures, amount);
        addOpen(open, amount);
      } else if (g.grouping === 'user') addOpen(user(g.assignedUserId).open, amount);
    } else {
      const amount = { currency, count, value };
      if (g.grouping === 'user') addClosed(user(g.assignedUserId)[g.status], amount);
      else if (g.grouping === 'bucket') {
        const bucket = buckets.get(g.bucket!);
        if (bucket) addClosed(bucket[g.status], amount);
        addClosed(g.status === 'won' ? won : lost, amount);
      }
    }
  }

  const flowOf = new Map(flow.map((f) => [f.stageId, f]));
  return {
    pipelineId,
    period: { from: period.from, to: period.to, timeZone: period.timeZone, bucket: period.bucket },
    assignedUserId: query.assignedUserId ?? null,
    stages: stages.map((s) => {
      const f = flowOf.get(s.stageId);
      const entered = f?.entered ?? 0;
      return {
        ...s,
        open: stageOpen.get(s.stageId)!,
        entered,
        advanced: f?.advanced ?? 0,
        won: f?.won ?? 0,
        advanceRate: ratio(f?.advanced ?? 0, entered),
        winRate: ratio(f?.won ?? 0, entered),
        averageSecondsInStage: f?.averageSecondsInStage ?? null,
        exits: f?.exits ?? 0,
      };
    }),
    open,
    won,
    lost,
    outcomes: [...buckets.values()],
    byUser: [...users.values()].sort((a, b) =>
      a.assignedUserId === null
        ? 1
        : b.assignedUserId === null
          ? -1
          : a.assignedUserId.localeCompare(b.assignedUserId),
    ),
  };
}

/** A sub-account's lines of the agency roll-up, before the sub-account's name is added. */
export type SubAccountPipelineTotals = Omit<PipelineTotals, 'subAccountName'>;

/**
 * Open now, won and lost during the period, of every pipeline of the context's sub-account: its
 * lines of the agency roll-up. The same totals query as a pipeline's page, scoped to the
 * sub-account and grouped per pipeline.
 */
export async function subAccountPipelineTotals(
  ctx: SubAccountContext,
  period: repo.MetricsPeriod,
): Promise<SubAccountPipelineTotals[]> {
  requirePermission(ctx, 'pipelines:read');
  const subAccountId = ctx.subAccountId;
  const lines = new Map<string, SubAccountPipelineTotals>();
  for (const p of await pipelineNames(ctx))
    lines.set(p.id, {
      subAccountId,
      pipelineId: p.id,
      name: p.name,
      open: emptyOpen(),
      won: emptyClosed(),
      lost: emptyClosed(),
    });
  await repo.allowReportMemory();
  for (const g of await repo.opportunityTotals({ subAccountIds: [subAccountId] }, period)) {
    const line = g.grouping === 'pipeline' ? lines.get(g.pipelineId!) : undefined;
    if (!line) continue;
    const { currency, count, value } = g;
    if (g.status === 'open') addOpen(line.open, { currency, count, value, weightedValue: g.weightedValue });
    else addClosed(line[g.status], { currency, count, value });
  }
  return [...lines.values()];
}

/**
 * The agency roll-up, for a route or a job: the agency's sub-accounts, read at the agency level;
 * then each one's totals in its own context (row-level security shows its opportunities there
 * only), skipping those where the actor may not read pipelines. Opens its own transactions.
 */
export async function agencyPipelineTotals(
  actor: Actor,
  agencyId: string,
  period: repo.MetricsPeriod,
): Promise<AgencyPipelinesView> {
  const subAccounts = await inTenant(actor, { agencyId }, listAllSubAccounts);
  const lines = await inEachSubAccount(
    actor,
    subAccounts.map((s) => s.id),
    async (ctx) => (can(ctx, 'pipelines:read') ? subAccountPipelineTotals(ctx, period) : []),
  );
  return agencyPipelinesView(period, subAccounts, lines);
}

/** The agency roll-up from each sub-account's lines: named, ordered, and summed per currency. */
function agencyPipelinesView(
  period: repo.MetricsPeriod,
  subAccounts: { id: string; name: string }[],
  lines: { subAccountId: string; value: SubAccountPipelineTotals[] }[],
): AgencyPipelinesView {
  const names = new Map(subAccounts.map((s) => [s.id, s.name]));
  const totals = { open: emptyOpen(), won: emptyClosed(), lost: emptyClosed() };
  const pipelines: PipelineTotals[] = [];
  for (const { subAccountId, value } of lines)
    for (const line of value) {
      pipelines.push({ ...line, subAccountName: names.get(subAccountId) ?? '' });
      for (const amount of line.open.byCurrency) addOpen(totals.open, amount);
      for (const amount of line.won.byCurrency) addClosed(totals.won, amount);
      for (const amount of line.lost.byCurrency) addClosed(totals.lost, amount);
    }
  return { period: { from: period.from, to: period.to, timeZone: period.timeZone }, pipelines, totals };
}
