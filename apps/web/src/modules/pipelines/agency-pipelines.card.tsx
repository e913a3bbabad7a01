import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { MoneySum } from '../../api/opportunities.api.ts';
import { pipelinesApi, type AgencyPipelines } from '../../api/pipelines.api.ts';
import { BarChart } from '../../ui/bar-chart.tsx';
import { Figure } from '../../ui/figure.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { formatMoney } from '../../api/schemas.ts';
import { addSums, compareSums, formatTotals } from '../opportunities/money.ts';
import { pipelineKeys } from './pipeline.keys.ts';
import { AnchorLink } from '../../ui/links.tsx';

type Line = AgencyPipelines['pipelines'][number];
type Closed = Line['won'];

/** "3 · $4,500": how many, and their value per currency. */
const closed = (c: Closed) => (c.count === 0 ? '—' : `${c.count} · ${formatTotals(c.byCurrency)}`);

/**
 * Every pipeline of the agency's sub-accounts over the last 30 days: what is open now (and its
 * forecast, weighted by the stages' win probabilities), won and lost; the forecast per sub-account
 * as a chart, in the agency's main currency.
 */
export function AgencyPipelinesCard({ agencyId }: { agencyId: string }) {
  const summary = useQuery({
    queryKey: pipelineKeys.agencySummary(agencyId),
    queryFn: () => pipelinesApi.agencySummary(agencyId),
  });
  const data = summary.data;
  // The currency with the most open value is the chart's; other currencies show in the table.
  // Sums are exact decimal strings: compared and added as BigInt.
  const currency =
    [...(data?.totals.open.byCurrency ?? [])].sort((a, b) => compareSums(b.value, a.value))[0]?.currency ??
    'USD';
  const forecast = new Map<string, MoneySum>();
  for (const line of data?.pipelines ?? []) {
    const amount = line.open.byCurrency.find((a) => a.currency === currency)?.weightedValue ?? '0';
    forecast.set(line.subAccountName, addSums(forecast.get(line.subAccountName) ?? '0', amount));
  }

  return (
    <Card mt="md" data-testid="agency-pipelines">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={4}>Client pipelines</Title>
          <Text size="sm" c="dimmed">
            Every sub-account&apos;s pipelines: open now, won and lost over the last 30 days
          </Text>
        </div>
      </Group>
      <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />
      {summary.isPending ? (
        <LoadingState />
      ) : !data || data.pipelines.length === 0 ? (
        <EmptyState title="No pipelines yet">
          Sub-accounts set up their pipelines on their Pipelines page.
        </EmptyState>
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Figure label="Open" value={formatTotals(data.totals.open.byCurrency)} />
            <Figure label="Forecast (weighted)" value={formatTotals(data.totals.open.byCurrency, true)} />
            <Figure label="Won" value={closed(data.totals.won)} />
            <Figure label="Lost" value={closed(data.totals.lost)} />
          </SimpleGrid>
          <div>
            <Text size="sm" fw={500} mb={6}>
              Forecast per client ({currency})
            </Text>
            <BarChart
              testId="agency-forecast-chart"
              bars={[...forecast].map(([label, value]) => ({
                label,
                // The bar's length only needs the magnitude; the figure shown is exact.
                value: Number(value),
                display: formatMoney(value, currency, { compact: true }),
              }))}
            />
          </div>
          <Table.ScrollContainer minWidth={720}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Sub-account</Table.Th>
                  <Table.Th>Pipeline</Table.Th>
                  <Table.Th ta="right">Open</Table.Th>
                  <Table.Th ta="right">Value</Table.Th>
                  <Table.Th ta="right">Forecast</Table.Th>
                  <Table.Th ta="right">Won</Table.Th>
                  <Table.Th ta="right">Lost</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.pipelines.map((line) => (
                  <Table.Tr key={line.pipelineId} data-testid="agency-pipeline-row">
                    <Table.Td>{line.subAccountName}</Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/sub-accounts/$subAccountId/opportunities"
                        params={{ subAccountId: line.subAccountId }}
                        search={{ pipeline: line.pipelineId }}
                      >
                        {line.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td ta="right">{line.open.count}</Table.Td>
                    <Table.Td ta="right">{formatTotals(line.open.byCurrency)}</Table.Td>
                    <Table.Td ta="right">{formatTotals(line.open.byCurrency, true)}</Table.Td>
                    <Table.Td ta="right">{closed(line.won)}</Table.Td>
                    <Table.Td ta="right">{closed(line.lost)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Card>
  );
}
