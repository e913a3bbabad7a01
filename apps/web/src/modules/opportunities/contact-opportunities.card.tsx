import { Card, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { opportunitiesApi } from '../../api/opportunities.api.ts';
import { usePipelines } from '../pipelines/use-pipelines.ts';
import { formatMoney } from '../../api/schemas.ts';
import { StatusBadge } from './opportunity-card.tsx';
import { opportunityKeys } from './opportunity.keys.ts';
import { AnchorLink } from '../../ui/links.tsx';

/** A contact's opportunities, each opening in its board's drawer. */
export function ContactOpportunitiesCard({
  subAccountId,
  contactId,
}: {
  subAccountId: string;
  contactId: string;
}) {
  const { pipelines } = usePipelines(subAccountId);
  const query = useQuery({
    queryKey: opportunityKeys.ofContact(subAccountId, contactId),
    queryFn: () => opportunitiesApi.list(subAccountId, { contactId, limit: 20 }),
  });
  const items = query.data?.items ?? [];
  const where = (pipelineId: string, stageId: string) => {
    const pipeline = pipelines.find((p) => p.id === pipelineId);
    const stage = pipeline?.stages.find((s) => s.id === stageId);
    return [pipeline?.name, stage?.name].filter(Boolean).join(' · ');
  };
  return (
    <Card data-testid="contact-opportunities">
      <Text fw={600} mb="xs">
        Opportunities
      </Text>
      {query.isPending ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {query.isError ? 'Could not load the opportunities.' : 'None yet.'}
        </Text>
      ) : (
        <Stack gap={8}>
          {items.map((o) => (
            <Group key={o.id} justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <AnchorLink
                  to="/sub-accounts/$subAccountId/opportunities"
                  params={{ subAccountId }}
                  search={{ pipeline: o.pipelineId, opportunity: o.id }}
                  size="sm"
                  fw={500}
                  truncate="end"
                >
                  {o.name}
                </AnchorLink>
                <Text size="xs" c="dimmed" truncate="end">
                  {where(o.pipelineId, o.stageId)}
                </Text>
              </Stack>
              <Group gap={6} wrap="nowrap">
                <Text size="sm">{formatMoney(o.monetaryValue, o.currency, { compact: true })}</Text>
                <StatusBadge status={o.status} />
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
