import { Box, Button, Flex, NavLink, Stack, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { subAccountsApi } from '../api/agencies.api.ts';
import { permissionsFor } from '../app/permissions.ts';
import type { PipelinesSearch } from '../app/router.tsx';
import { useMe } from '../app/session.ts';
import { LostReasonsPanel } from '../modules/pipelines/lost-reasons.panel.tsx';
import { CreatePipelineModal, PipelineEditor } from '../modules/pipelines/pipeline-editor.tsx';
import { usePipelines } from '../modules/pipelines/use-pipelines.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../ui/states.tsx';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';
import { AnchorLink } from '../ui/links.tsx';

/** Pipelines and their stages (`?pipeline=<id>`), and the lost reasons (`?tab=lost-reasons`). */
export function PipelinesPage({
  subAccountId,
  search,
  onSearchChange,
}: {
  subAccountId: string;
  search: PipelinesSearch;
  onSearchChange: (next: PipelinesSearch) => void;
}) {
  const me = useMe().data;
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId),
    queryFn: () => subAccountsApi.get(subAccountId),
  });
  const can = permissionsFor(me, { agencyId: subAccount.data?.agencyId, subAccountId });
  const pipelines = usePipelines(subAccountId);
  const [creating, setCreating] = useState(false);
  type Tab = NonNullable<PipelinesSearch['tab']>;
  const tab: Tab = search.tab ?? 'pipelines';
  const selected =
    pipelines.pipelines.find((p) => p.id === search.pipeline) ?? pipelines.pipelines[0] ?? null;
  // The pipelines tab is the default: it is left out of the URL.
  const select = (id: string | null, nextTab: Tab = tab) =>
    onSearchChange({ tab: nextTab === 'pipelines' ? undefined : nextTab, pipeline: id ?? undefined });

  return (
    <>
      <AnchorLink
        to="/sub-accounts/$subAccountId/opportunities"
        params={{ subAccountId }}
        search={selected ? { pipeline: selected.id } : {}}
        size="sm"
      >
        ← Opportunities
      </AnchorLink>
      <PageHeader
        title="Pipelines"
        description="Stages, win probabilities and rotting ages; the reasons deals are lost."
        actions={
          can('pipelines:create') && (
            <Button onClick={() => setCreating(true)} data-testid="new-pipeline">
              New pipeline
            </Button>
          )
        }
      />
      <Tabs
        value={tab}
        onChange={(v) => select(selected?.id ?? null, v === 'lost-reasons' ? v : 'pipelines')}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="pipelines">Pipelines</Tabs.Tab>
          <Tabs.Tab value="lost-reasons">Lost reasons</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pipelines">
          {pipelines.isPending ? (
            <LoadingState />
          ) : pipelines.isError ? (
            <ErrorAlert error={pipelines.error} title="Could not load pipelines" />
          ) : !selected ? (
            <EmptyState
              title="No pipelines yet"
              action={
                can('pipelines:create') && (
                  <Button onClick={() => setCreating(true)}>Create a pipeline</Button>
                )
              }
            >
              A pipeline is the list of stages your deals go through.
            </EmptyState>
          ) : (
            <Flex gap="lg" direction={{ base: 'column', md: 'row' }} align="flex-start">
              <Box w={{ base: '100%', md: 220 }} style={{ flexShrink: 0 }}>
                <Stack gap={2} data-testid="pipeline-list">
                  {pipelines.pipelines.map((p) => (
                    <NavLink
                      key={p.id}
                      label={p.name}
                      description={`${p.stages.length} stage${p.stages.length === 1 ? '' : 's'}`}
                      active={p.id === selected.id}
                      onClick={() => select(p.id)}
                      variant="light"
                      style={{ borderRadius: 6 }}
                    />
                  ))}
                </Stack>
              </Box>
              <Box style={{ flex: 1, minWidth: 0 }} w="100%">
                <PipelineEditor
                  key={`${selected.id}:${selected.name}`}
                  subAccountId={subAccountId}
                  pipeline={selected}
                  can={can}
                  onDeleted={() => select(null)}
                />
                <Text size="xs" c="dimmed" mt="xs">
                  Removing a stage that holds opportunities asks where they go.
                </Text>
              </Box>
            </Flex>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="lost-reasons">
          <LostReasonsPanel subAccountId={subAccountId} can={can} />
        </Tabs.Panel>
      </Tabs>
      {creating && (
        <CreatePipelineModal
          subAccountId={subAccountId}
          onClose={() => setCreating(false)}
          onCreated={(p) => select(p.id, 'pipelines')}
        />
      )}
    </>
  );
}
