import { Button, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { subAccountsApi } from '../api/agencies.api.ts';
import { permissionsFor } from '../app/permissions.ts';
import type { OpportunitiesSearch } from '../app/router.tsx';
import { useMe } from '../app/session.ts';
import { useAssignableUsers } from '../modules/contacts/use-crm-lookups.ts';
import { OpportunitiesTable } from '../modules/opportunities/opportunities-table.tsx';
import { OpportunityBoard } from '../modules/opportunities/opportunity-board.tsx';
import { OpportunityDrawer } from '../modules/opportunities/opportunity-drawer.tsx';
import {
  emptyOpportunityFilter,
  OpportunityFilterBar,
  toOpportunityQuery,
  type OpportunityFilterState,
} from '../modules/opportunities/opportunity-filters.tsx';
import { OpportunityFormModal } from '../modules/opportunities/opportunity-form.modal.tsx';
import { usePipelines } from '../modules/pipelines/use-pipelines.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../ui/states.tsx';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';
import { ButtonLink } from '../ui/links.tsx';

type View = NonNullable<OpportunitiesSearch['view']>;

/** The board or list of one pipeline's opportunities (`?pipeline=<id>&view=list`). */
export function OpportunitiesPage({
  subAccountId,
  search,
  onSearchChange,
}: {
  subAccountId: string;
  search: OpportunitiesSearch;
  onSearchChange: (patch: OpportunitiesSearch) => void;
}) {
  const me = useMe().data;
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId),
    queryFn: () => subAccountsApi.get(subAccountId),
  });
  const can = permissionsFor(me, { agencyId: subAccount.data?.agencyId, subAccountId });
  const pipelines = usePipelines(subAccountId);
  const users = useAssignableUsers(subAccountId);
  const [filter, setFilter] = useState<OpportunityFilterState>(emptyOpportunityFilter);
  const filters = useMemo(() => toOpportunityQuery(filter), [filter]);
  // `?opportunity=<id>` (links from a contact) opens its drawer.
  const [openId, setOpenId] = useState<string | null>(() => search.opportunity ?? null);
  const [creating, setCreating] = useState<{ stageId?: string } | null>(null);

  const view: View = search.view ?? 'board';
  const pipeline =
    pipelines.pipelines.find((p) => p.id === search.pipeline) ?? pipelines.pipelines[0] ?? null;
  // The board is the default view: it is left out of the URL.
  const go = (patch: { pipeline?: string; view?: View }) =>
    onSearchChange({
      ...(patch.pipeline ? { pipeline: patch.pipeline } : {}),
      ...(patch.view ? { view: patch.view === 'board' ? undefined : patch.view } : {}),
    });

  if (pipelines.isPending) return <LoadingState />;
  if (pipelines.isError)
    return (
      <ErrorAlert
        error={pipelines.error}
        title="Could not load pipelines"
        onRetry={() => void pipelines.refetch()}
      />
    );

  return (
    <>
      <PageHeader
        title="Opportunities"
        description={pipeline ? `${pipeline.name} · ${pipeline.stages.length} stages` : undefined}
        actions={
          pipeline && (
            <>
              <ButtonLink
                variant="default"
                to="/sub-accounts/$subAccountId/opportunities/metrics"
                params={{ subAccountId }}
                search={{ pipeline: pipeline.id }}
              >
                Metrics
              </ButtonLink>
              {can('pipelines:update') && (
                <ButtonLink
                  variant="default"
                  to="/sub-accounts/$subAccountId/pipelines"
                  params={{ subAccountId }}
                  search={{ pipeline: pipeline.id }}
                >
                  Edit pipeline
                </ButtonLink>
              )}
              {can('opportunities:create') && (
                <Button onClick={() => setCreating({})} data-testid="new-opportunity">
                  New opportunity
                </Button>
              )}
            </>
          )
        }
      />
      {!pipeline ? (
        <EmptyState
          title="No pipelines yet"
          action={
            can('pipelines:create') && (
              <ButtonLink to="/sub-accounts/$subAccountId/pipelines" params={{ subAccountId }}>
                Create a pipeline
              </ButtonLink>
            )
          }
        >
          A pipeline is the list of stages your deals go through, e.g. Lead, Qualified, Proposal, Won.
        </EmptyState>
      ) : (
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="sm">
              <Select
                aria-label="Pipeline"
                data={pipelines.pipelines.map((p) => ({ value: p.id, label: p.name }))}
                value={pipeline.id}
                onChange={(v) => v && go({ pipeline: v })}
                allowDeselect={false}
                w={220}
                data-testid="pipeline-switcher"
              />
              <SegmentedControl
                value={view}
                onChange={(v) => go({ view: v as View })}
                data={[
                  { value: 'board', label: 'Board' },
                  { value: 'list', label: 'List' },
                ]}
                aria-label="View"
              />
            </Group>
            {view === 'board' && can('opportunities:update') && (
              <Text size="xs" c="dimmed">
                Drag a card to another column to move it.
              </Text>
            )}
          </Group>
          <OpportunityFilterBar
            subAccountId={subAccountId}
            value={filter}
            onChange={setFilter}
            anyStatusLabel={view === 'board' ? 'Open' : 'Any status'}
          />
          {view === 'board' ? (
            <OpportunityBoard
              key={pipeline.id}
              subAccountId={subAccountId}
              pipeline={pipeline}
              filters={filters}
              canMove={can('opportunities:update')}
              canCreate={can('opportunities:create')}
              nameOf={(id) => (id ? users.nameOf(id) : null)}
              onOpen={(o) => setOpenId(o.id)}
              onCreate={(stageId) => setCreating({ stageId })}
            />
          ) : (
            <OpportunitiesTable
              key={pipeline.id}
              subAccountId={subAccountId}
              pipeline={pipeline}
              filters={filters}
              can={can}
              onOpen={(o) => setOpenId(o.id)}
            />
          )}
        </Stack>
      )}
      {openId && (
        <OpportunityDrawer
          key={openId}
          subAccountId={subAccountId}
          opportunityId={openId}
          pipelines={pipelines.pipelines}
          can={can}
          onClose={() => setOpenId(null)}
        />
      )}
      {creating && pipeline && (
        <OpportunityFormModal
          subAccountId={subAccountId}
          pipelines={pipelines.pipelines}
          pipelineId={pipeline.id}
          stageId={creating.stageId}
          onClose={() => setCreating(null)}
        />
      )}
    </>
  );
}
