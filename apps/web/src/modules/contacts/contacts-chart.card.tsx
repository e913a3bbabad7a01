import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { contactsApi, type ContactFilter } from '../../api/contacts.api.ts';
import { Link } from '../../app/router.tsx';
import { BarChart } from '../../ui/bar-chart.tsx';
import { humanize } from '../../ui/format.ts';
import { CONTACT_STATUSES, CONTACT_TYPES } from './contact-filter.ts';
import { STATUS_COLORS } from './contact-columns.tsx';
import { contactsKey } from './use-crm-lookups.ts';

/**
 * Contacts by status and by type, one capped count per bar (the search endpoint's `total`, exact
 * up to its cap). There is no aggregate endpoint yet, so sources are not charted: they are free text
 * and could only be counted by listing every contact.
 */
export function ContactsChartCard({ subAccountId }: { subAccountId: string }) {
  const slices: { label: string; filter: ContactFilter; color: string }[] = [
    ...CONTACT_STATUSES.map((s) => ({ label: humanize(s), filter: { status: s }, color: STATUS_COLORS[s] })),
    ...CONTACT_TYPES.map((t) => ({ label: humanize(t), filter: { type: t }, color: 'indigo' })),
  ];
  const counts = useQueries({
    queries: slices.map((s) => ({
      queryKey: [...contactsKey(subAccountId), 'count', s.filter],
      queryFn: () => contactsApi.search(subAccountId, { filter: s.filter, limit: 1 }),
      staleTime: 30_000,
    })),
  });
  const bar = (i: number) => {
    const slice = slices[i];
    const page = counts[i]?.data;
    return { label: slice?.label ?? '', value: page?.total ?? 0, color: slice?.color };
  };
  const loading = counts.some((c) => c.isPending);
  const failed = counts.find((c) => c.isError);
  return (
    <Card data-testid="contacts-chart">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>Contacts</Text>
        <Anchor component={Link} href={`/sub-accounts/${subAccountId}/contacts`} size="sm">
          Open contacts
        </Anchor>
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
        </Stack>
      )}
    </Card>
  );
}
