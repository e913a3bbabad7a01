import { Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { pipelinesApi, type PipelineMetrics } from '../api/pipelines.api.ts';
import { useAssignableUsers } from '../modules/contacts/use-crm-lookups.ts';
import { formatMoney } from '../api/schemas.ts';
import type { MoneySums } from '../modules/opportunities/money.ts';
import { formatDuration } from '../modules/opportunities/opportunity-history.tsx';
import { ColumnChart, FunnelChart, HBarChart } from '../modules/pipelines/metrics-charts.tsx';
import { usePipelines } from '../modules/pipelines/use-pipelines.ts';
import { Figure } from '../ui/figure.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../ui/states.tsx';
import { opportunityKeys } from '../modules/opportunities/opportunity.keys.ts';
import { AnchorLink } from '../ui/links.tsx';

/** Sums per currency, exact decimal strings of minor units (formatted with BigInt, never a float). */
const money = (amounts: readonly MoneySums[], weighted = false) =>
  amounts.length === 0
    ? '—'
    : amounts
        .map((a) => formatMoney(weighted ? (a.weightedValue ?? '0') : a.value, a.currency, { compact: true }))
        .join(' · ');

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function daysAgo(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() - n);
  return isoDay(d);
}

function MetricsView({ m, nameOf }: { m: PipelineMetrics; nameOf: (id: string | null) => string }) {
  const closed = m.won.count + m.lost.count;
  const bucketLabel = (start: string) => {
    const d = new Date(`${start}T00:00:00`);
    return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  };
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure
          label="Open now"
          value={m.open.count.toLocaleString()}
          sub={money(m.open.byCurrency)}
          testId="metric-open"
        />
        <Figure
          label="Weighted forecast"
          value={money(m.open.byCurrency, true)}
          sub="value × win probability"
        />
        <Figure
          label="Won"
          value={m.won.count.toLocaleString()}
          sub={money(m.won.byCurrency)}
          testId="metric-won"
        />
        <Figure
          label="Lost"
          value={m.lost.count.toLocaleString()}
          sub={closed > 0 ? `win rate ${percent(m.won.count / closed)}` : money(m.lost.byCurrency)}
          testId="metric-lost"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card>
          <Text fw={600}>Funnel</Text>
          <Text size="xs" c="dimmed" mb="sm">
            Opportunities that entered each stage in the period, and how many went further
          </Text>
          <FunnelChart
            testId="funnel-chart"
            steps={m.stages.map((s) => ({
              label: s.name,
              value: s.entered,
              note: s.advanceRate === null ? undefined : `${percent(s.advanceRate)} advanced`,
            }))}
          />
        </Card>
        <Card>
          <Text fw={600}>Average time in stage</Text>
          <Text size="xs" c="dimmed" mb="sm">
            Over the moves out of each stage in the period
          </Text>
          <HBarChart
            testId="time-in-stage-chart"
            format={formatDuration}
            bars={m.stages.map((s) => ({ label: s.name, value: s.averageSecondsInStage }))}
          />
        </Card>
      </SimpleGrid>
      <Card>
        <Text fw={600}>Won and lost over time</Text>
        <Text size="xs" c="dimmed" mb="sm">
          Per {m.period.bucket}, by the day their status changed
        </Text>
        <ColumnChart
          testId="outcomes-chart"
          groups={m.outcomes.map((b) => ({
            label: bucketLabel(b.start),
            values: { won: b.won.count, lost: b.lost.count },
          }))}
          series={[
            { key: 'won', label: 'Won', color: 'var(--mantine-color-teal-6)' },
            { key: 'lost', label: 'Lost', color: 'var(--mantine-color-red-5)' },
          ]}
        />
      </Card>
      <Card>
        <Text fw={600} mb="sm">
          Stages
        </Text>
        <Table.ScrollContainer minWidth={720}>
          <Table data-testid="stage-metrics">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Stage</Table.Th>
                <Table.Th ta="right">Open</Table.Th>
                <Table.Th ta="right">Value</Table.Th>
                <Table.Th ta="right">Weighted</Table.Th>
                <Table.Th ta="right">Entered</Table.Th>
                <Table.Th ta="right">Advanced</Table.Th>
                <Table.Th ta="right">Win rate</Table.Th>
                <Table.Th ta="right">Avg. time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.stages.map((s) => (
                <Table.Tr key={s.stageId}>
                  <Table.Td>
                    {s.name}{' '}
                    <Text span size="xs" c="dimmed">
                      {s.winProbability}%
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{s.open.count.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{money(s.open.byCurrency)}</Table.Td>
                  <Table.Td ta="right">{money(s.open.byCurrency, true)}</Table.Td>
                  <Table.Td ta="right">{s.entered.toLocaleString()}</Table.Td>
                  <Table.Td ta="right">{percent(s.advanceRate)}</Table.Td>
                  <Table.Td ta="right">{percent(s.winRate)}</Table.Td>
                  <Table.Td ta="right">
                    {s.averageSecondsInStage === null ? '—' : formatDuration(s.averageSecondsInStage)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      {m.byUser.length > 0 && (
        <Card>
          <Text fw={600} mb="sm">
            By assigned user
          </Text>
          <Table.ScrollContainer minWidth={640}>
            <Table data-testid="user-metrics">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>User</Table.Th>
                  <Table.Th ta="right">Open</Table.Th>
                  <Table.Th ta="right">Open value</Table.Th>
                  <Table.Th ta="right">Weighted</Table.Th>
                  <Table.Th ta="right">Won</Table.Th>
                  <Table.Th ta="right">Won value</Table.Th>
                  <Table.Th ta="right">Lost</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {m.byUser.map((u) => (
                  <Table.Tr key={u.assignedUserId ?? 'none'}>
                    <Table.Td>{nameOf(u.assignedUserId)}</Table.Td>
                    <Table.Td ta="right">{u.open.count.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{money(u.open.byCurrency)}</Table.Td>
                    <Table.Td ta="right">{money(u.open.byCurrency, true)}</Table.Td>
                    <Table.Td ta="right">{u.won.count.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{money(u.won.byCurrency)}</Table.Td>
                    <Table.Td ta="right">{u.lost.count.toLocaleString()}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}

/** Forecast and performance of one pipeline over a period (`?pipeline=<id>`). */
export function PipelineMetricsPage({
  subAccountId,
  pipelineId,
  onPipelineChange,
}: {
  subAccountId: string;
  pipelineId: string | undefined;
  onPipelineChange: (pipelineId: string) => void;
}) {
  const pipelines = usePipelines(subAccountId);
  const users = useAssignableUsers(subAccountId);
  const [from, setFrom] = useState(daysAgo(29));
  const [to, setTo] = useState(isoDay(new Date()));
  const [assignee, setAssignee] = useState<string | null>(null);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const pipeline = pipelines.pipelines.find((p) => p.id === pipelineId) ?? pipelines.pipelines[0] ?? null;
  const period = {
    from: from || undefined,
    to: to || undefined,
    assignedUserId: assignee ?? undefined,
    timeZone,
  };
  const metrics = useQuery({
    queryKey: opportunityKeys.metrics(subAccountId, pipeline?.id, period),
    queryFn: () => pipelinesApi.metrics(subAccountId, pipeline?.id ?? '', period),
    enabled: pipeline !== null,
    placeholderData: keepPreviousData,
  });
  if (pipelines.isPending) return <LoadingState />;
  return (
    <>
      <AnchorLink
        to="/sub-accounts/$subAccountId/opportunities"
        params={{ subAccountId }}
        search={pipeline ? { pipeline: pipeline.id } : {}}
        size="sm"
      >
        ← Opportunities
      </AnchorLink>
      <PageHeader title="Pipeline metrics" description={pipeline?.name} />
      {!pipeline ? (
        <EmptyState title="No pipelines yet" />
      ) : (
        <Stack>
          <Group gap="sm" align="flex-end">
            <Select
              label="Pipeline"
              data={pipelines.pipelines.map((p) => ({ value: p.id, label: p.name }))}
              value={pipeline.id}
              onChange={(v) => v && onPipelineChange(v)}
              allowDeselect={false}
              w={220}
            />
            <TextInput
              label="From"
              type="date"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
            <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
            <Select
              label="Assigned to"
              placeholder="Everyone"
              data={[{ value: 'unassigned', label: 'Unassigned' }, ...users.options]}
              value={assignee}
              onChange={setAssignee}
              clearable
              searchable
              w={200}
            />
          </Group>
          <ErrorAlert
            error={metrics.error}
            title="Could not load the metrics"
            onRetry={() => void metrics.refetch()}
          />
          {metrics.isPending ? (
            <LoadingState />
          ) : metrics.data ? (
            <MetricsView m={metrics.data} nameOf={(id) => (id ? users.nameOf(id) : 'Unassigned')} />
          ) : null}
        </Stack>
      )}
    </>
  );
}
