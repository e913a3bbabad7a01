import { Card, Group, Stack, Text } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { contactsApi, type ContactFilter, type ContactSourceCounts } from '../../api/contacts.api.ts';
import { BarChart, type Bar } from '../../ui/bar-chart.tsx';
import { humanize } from '../../ui/format.ts';
import { CONTACT_STATUSES, CONTACT_TYPES } from './contact-filter.ts';
import { STATUS_COLORS } from './contact-columns.tsx';
import { contactKeys } from './contact.keys.ts';
import { AnchorLink } from '../../ui/links.tsx';

/** Sources charted one bar each; the rest share an "Other sources" bar. */
const SOURCE_BARS = 7;

const capped = (count: number, estimate: boolean) =>
  estimate ? `${count.toLocaleString()}+` : count.toLocaleString();

/** The sources endpoint's counts as bars: the largest, then the others summed. */
function sourceBars(items: ContactSourceCounts['items']): Bar[] {
  const bar = (i: ContactSourceCounts['items'][number]): Bar => ({
    label: i.source ?? 'No source',
    value: i.count,
    color: i.source === null ? 'gray' : 'teal',
    display: capped(i.count, i.countIsEstimate),
  });
  if (items.length <= SOURCE_BARS + 1) return items.map(bar);
  const rest = items.slice(SOURCE_BARS);
  const value = rest.reduce((sum, i) => sum + i.count, 0);
  return [
    ...items.slice(0, SOURCE_BARS).map(bar),
    {
      label: `Other sources (${rest.length})`,
      value,
      color: 'gray',
      display: capped(
        value,
        rest.some((i) => i.countIsEstimate),
      ),
    },
  ];
}

/**
 * Contacts by status and by type, one capped count per bar (the search endpoint's `total`, exact
 * up to its cap), and by source (the source-counts endpoint, capped the same way).
 */
export function ContactsChartCard({ subAccountId }: { subAccountId: string }) {
  const slices: { label: string; filter: ContactFilter; color: string }[] = [
    ...CONTACT_STATUSES.map((s) => ({ label: humanize(s), filter: { status: s }, color: STATUS_COLORS[s] })),
    ...CONTACT_TYPES.map((t) => ({ label: humanize(t), filter: { type: t }, color: 'indigo' })),
  ];
  const counts = useQueries({
    queries: slices.map((s) => ({
      queryKey: contactKeys.count(subAccountId, s.filter),
      queryFn: () => contactsApi.search(subAccountId, { filter: s.filter, limit: 1 }),
      staleTime: 30_000,
    })),
  });
  const bar = (i: number) => {
    const slice = slices[i];
    const page = counts[i]?.data;
    return {
      label: slice?.label ?? '',
      value: page?.total ?? 0,
      color: slice?.color,
      display: page ? capped(page.total, page.totalIsEstimate) : undefined,
    };
  };
  const sources = useQuery({
    queryKey: contactKeys.sourceCounts(subAccountId),
    queryFn: () => contactsApi.sourceCounts(subAccountId),
    staleTime: 30_000,
  });
  const loading = counts.some((c) => c.isPending) || sources.isPending;
  const failed = counts.find((c) => c.isError) ?? (sources.isError ? sources : undefined);
  return (
    <Card data-testid="contacts-chart">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Contacts</Text>
        <AnchorLink to="/sub-accounts/$subAccountId/contacts" params={{ subAccountId }} size="sm">
          Open contacts
        </AnchorLink>
      </Group>
      {failed ? (
        <Text size="sm" c="dimmed">
          Counts unavailable.
        </Text>
      ) : loading ? (
        <Text size="sm" c="dimmed">
          Counting…
        </Text>
      ) : (
        <Stack gap="md">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={6}>
              By status
            </Text>
            <BarChart bars={CONTACT_STATUSES.map((_, i) => bar(i))} testId="chart-status" />
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={6}>
              By type
            </Text>
            <BarChart
              bars={CONTACT_TYPES.map((_, i) => bar(CONTACT_STATUSES.length + i))}
              testId="chart-type"
            />
          </div>
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={6}>
              By source
            </Text>
            {sources.data && sources.data.items.length > 0 ? (
              <BarChart bars={sourceBars(sources.data.items)} testId="chart-source" />
            ) : (
              <Text size="sm" c="dimmed" data-testid="chart-source">
                No contacts yet.
              </Text>
            )}
          </div>
        </Stack>
      )}
    </Card>
  );
}
