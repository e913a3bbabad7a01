import { Badge, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { opportunitiesApi, type OpportunityHistoryEntry } from '../../api/opportunities.api.ts';
import { formatDateTime, formatRelative, humanize } from '../../ui/format.ts';
import { EmptyState, ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { formatMoney } from '../../api/schemas.ts';
import { opportunityKeys } from './opportunity.keys.ts';

/** "3 days 4 hours", "12 minutes", "40 seconds": the two largest units. */
export function formatDuration(seconds: number): string {
  const units: [string, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
    ['second', 1],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
    if (parts.length > 0 && n === 0) break;
    rest -= n * size;
  }
  return parts.length > 0 ? parts.join(' ') : 'under a second';
}

function describe(entry: OpportunityHistoryEntry, currency: string): string[] {
  const lines: string[] = [];
  if (entry.fromStageId === null) lines.push(`Created in ${entry.toStageName ?? 'a stage'}`);
  else if (entry.fromStageId !== entry.toStageId)
    lines.push(`Moved from ${entry.fromStageName ?? 'a removed stage'} to ${entry.toStageName ?? 'a stage'}`);
  if (entry.fromStatus !== null && entry.fromStatus !== entry.toStatus)
    lines.push(`Status ${humanize(entry.fromStatus)} → ${humanize(entry.toStatus)}`);
  if (entry.fromValue !== null && entry.fromValue !== entry.toValue)
    lines.push(`Value ${formatMoney(entry.fromValue, currency)} → ${formatMoney(entry.toValue, currency)}`);
  if (lines.length === 0) lines.push(`In ${entry.toStageName ?? 'a stage'}`);
  return lines;
}

/** The stage history the database keeps: moves, status and value changes, who and when. */
export function OpportunityHistoryPanel({
  subAccountId,
  opportunityId,
  currency,
  version,
}: {
  subAccountId: string;
  opportunityId: string;
  currency: string;
  /** Refetch when the opportunity changes. */
  version: number;
}) {
  const query = useQuery({
    queryKey: opportunityKeys.history(subAccountId, opportunityId, version),
    queryFn: () => opportunitiesApi.history(subAccountId, opportunityId),
  });
  if (query.isPending) return <LoadingState />;
  if (query.isError)
    return (
      <ErrorAlert
        error={query.error}
        title="Could not load the history"
        onRetry={() => void query.refetch()}
      />
    );
  const entries = [...query.data.items].sort((a, b) => b.changedAt.localeCompare(a.changedAt));
  if (entries.length === 0) return <EmptyState title="No history yet" />;
  return (
    <Stack gap="xs" data-testid="opportunity-history">
      {entries.map((entry) => (
        <Paper key={entry.id} withBorder p="sm" data-testid="history-entry">
          <Stack gap={4}>
            {describe(entry, currency).map((line) => (
              <Text key={line} size="sm" fw={500}>
                {line}
              </Text>
            ))}
            <Group gap={8}>
              <Text size="xs" c="dimmed">
                {entry.changedBy?.name ?? 'System'}
              </Text>
              <Tooltip label={formatDateTime(entry.changedAt)}>
                <Text size="xs" c="dimmed">
                  {formatRelative(entry.changedAt)}
                </Text>
              </Tooltip>
              {entry.secondsInFromStage !== null && entry.fromStageId !== entry.toStageId && (
                <Badge size="xs" variant="light" color="gray" tt="none" data-testid="time-in-stage">
                  {formatDuration(entry.secondsInFromStage)} in {entry.fromStageName ?? 'previous stage'}
                </Badge>
              )}
            </Group>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
