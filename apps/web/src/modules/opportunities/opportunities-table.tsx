import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  opportunitiesApi,
  type BoardQuery,
  type BulkOpportunitiesInput,
  type BulkOpportunityAction,
  type Opportunity,
  type OpportunityStatus,
} from '../../api/opportunities.api.ts';
import type { Pipeline } from '../../api/pipelines.api.ts';
import type { Can } from '../../app/permissions.ts';
import { formatDate, formatRelative } from '../../ui/format.ts';
import { ChevronDownIcon } from '../../ui/icons.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { useAssignableUsers } from '../contacts/use-crm-lookups.ts';
import { useLostReasons } from '../pipelines/use-pipelines.ts';
import { formatMoney } from '../../api/schemas.ts';
import { StatusBadge } from './opportunity-card.tsx';
import { OPPORTUNITY_STATUSES } from './opportunity-filters.tsx';
import { opportunityKeys } from './opportunity.keys.ts';

const PAGE_SIZE = 50;

const ACTION_TITLE: Record<BulkOpportunityAction, string> = {
  move: 'Move to a stage',
  assign: 'Assign',
  status: 'Change status',
  delete: 'Delete',
};

function BulkModal({
  subAccountId,
  pipeline,
  action,
  ids,
  onClose,
  onDone,
}: {
  subAccountId: string;
  pipeline: Pipeline;
  action: BulkOpportunityAction;
  ids: string[];
  onClose: () => void;
  onDone: (updated: number) => void;
}) {
  const queryClient = useQueryClient();
  const users = useAssignableUsers(subAccountId);
  const lostReasons = useLostReasons(subAccountId);
  const [stageId, setStageId] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [status, setStatus] = useState<OpportunityStatus | null>(null);
  const [lostReasonId, setLostReasonId] = useState<string | null>(null);
  const apply = useMutation({
    mutationFn: () => {
      const input: BulkOpportunitiesInput = { opportunityIds: ids, action };
      if (action === 'move') input.stageId = stageId ?? undefined;
      if (action === 'assign') input.assignedUserId = assignee === 'none' ? null : assignee;
      if (action === 'status') {
        input.status = status ?? undefined;
        if (status === 'lost') input.lostReasonId = lostReasonId;
      }
      return opportunitiesApi.bulk(subAccountId, input);
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: opportunityKeys.all(subAccountId) });
      onDone(result.updated);
    },
  });
  const ready =
    action === 'delete' ||
    (action === 'move' && stageId) ||
    (action === 'assign' && assignee) ||
    (action === 'status' && status);
  const count = `${ids.length} opportunit${ids.length === 1 ? 'y' : 'ies'}`;
  return (
    <Modal opened onClose={onClose} title={ACTION_TITLE[action]}>
      <Stack>
        <ErrorAlert error={apply.error} title="Could not apply" />
        {action === 'move' && (
          <Select
            label="Stage"
            data={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
            value={stageId}
            onChange={setStageId}
            data-autofocus
          />
        )}
        {action === 'assign' && (
          <Select
            label="Assign to"
            data={[{ value: 'none', label: 'Nobody (unassign)' }, ...users.options]}
            value={assignee}
            onChange={setAssignee}
            searchable
          />
        )}
        {action === 'status' && (
          <>
            <Select
              label="Status"
              data={OPPORTUNITY_STATUSES.map(({ value, label }) => ({ value, label }))}
              value={status}
              onChange={(v) => setStatus(v as OpportunityStatus | null)}
            />
            {status === 'lost' && (
              <Select
                label="Lost reason"
                data={lostReasons.reasons.map((r) => ({ value: r.id, label: r.name }))}
                value={lostReasonId}
                onChange={setLostReasonId}
                clearable
              />
            )}
          </>
        )}
        <Text size="sm">
          {action === 'delete'
            ? `Delete ${count}? Deleted opportunities can be restored one by one.`
            : `Applies to ${count}.`}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color={action === 'delete' ? 'red' : undefined}
            disabled={!ready}
            loading={apply.isPending}
            onClick={() => apply.mutate()}
            data-testid="bulk-apply"
          >
            {action === 'delete' ? 'Delete' : 'Apply'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The opportunities of a pipeline as a table, with the board's filters and bulk actions. */
export function OpportunitiesTable({
  subAccountId,
  pipeline,
  filters,
  can,
  onOpen,
}: {
  subAccountId: string;
  pipeline: Pipeline;
  filters: BoardQuery;
  can: Can;
  onOpen: (o: Opportunity) => void;
}) {
  const users = useAssignableUsers(subAccountId);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<BulkOpportunityAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: opportunityKeys.list(subAccountId, pipeline.id, filters),
    queryFn: ({ pageParam }) =>
      opportunitiesApi.list(subAccountId, {
        ...filters,
        pipelineId: pipeline.id,
        limit: PAGE_SIZE,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const stageName = (id: string) => pipeline.stages.find((s) => s.id === id)?.name ?? '—';
  const allOnPage = items.length > 0 && items.every((o) => selected.has(o.id));
  const someOnPage = items.some((o) => selected.has(o.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const canBulk = can('opportunities:update') || can('opportunities:delete');

  return (
    <Stack gap="sm">
      {done && (
        <Alert
          color="teal"
          variant="light"
          withCloseButton
          onClose={() => setDone(null)}
          data-testid="bulk-done"
        >
          {done}
        </Alert>
      )}
      {selected.size > 0 && canBulk && (
        <Paper withBorder p="xs" bg="indigo.0">
          <Group justify="space-between">
            <Text size="sm" fw={500} data-testid="selection-count">
              {selected.size} selected
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
                Clear
              </Button>
              <Menu position="bottom-end" shadow="md">
                <Menu.Target>
                  <Button size="xs" rightSection={<ChevronDownIcon size={14} />} data-testid="bulk-actions">
                    Bulk actions
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {can('opportunities:update') && (
                    <>
                      <Menu.Item onClick={() => setAction('move')}>Move to stage</Menu.Item>
                      <Menu.Item onClick={() => setAction('assign')}>Assign</Menu.Item>
                      <Menu.Item onClick={() => setAction('status')}>Change status</Menu.Item>
                    </>
                  )}
                  {can('opportunities:delete') && (
                    <Menu.Item color="red" onClick={() => setAction('delete')}>
                      Delete
                    </Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
        </Paper>
      )}
      <ErrorAlert
        error={list.error}
        title="Could not load opportunities"
        onRetry={() => void list.refetch()}
      />
      {list.isPending ? (
        <LoadingState />
      ) : items.length === 0 ? (
        <EmptyState title="No opportunities match">Try other filters, or add one from the board.</EmptyState>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="xs" data-testid="opportunities-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36}>
                    <Checkbox
                      aria-label="Select all on screen"
                      checked={allOnPage}
                      indeterminate={!allOnPage && someOnPage}
                      onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map((o) => o.id)))}
                    />
                  </Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Contact</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Value</Table.Th>
                  <Table.Th>Assigned to</Table.Th>
                  <Table.Th>Expected close</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((o) => (
                  <Table.Tr
                    key={o.id}
                    data-testid="opportunity-row"
                    bg={selected.has(o.id) ? 'indigo.0' : undefined}
                  >
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select ${o.name}`}
                        checked={selected.has(o.id)}
                        onChange={() => toggle(o.id)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Anchor component="button" type="button" size="sm" fw={500} onClick={() => onOpen(o)}>
                          {o.name}
                        </Anchor>
                        {o.rotting && (
                          <Badge size="xs" color="orange" variant="filled">
                            Rotting
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td fz="sm">{o.contact.name || o.contact.email || '—'}</Table.Td>
                    <Table.Td fz="sm" data-testid="row-stage">
                      {stageName(o.stageId)}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={o.status} />
                    </Table.Td>
                    <Table.Td fz="sm" ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatMoney(o.monetaryValue, o.currency)}
                    </Table.Td>
                    <Table.Td fz="sm">{o.assignedUserId ? users.nameOf(o.assignedUserId) : '—'}</Table.Td>
                    <Table.Td fz="sm">{formatDate(o.expectedCloseDate)}</Table.Td>
                    <Table.Td fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {formatRelative(o.updatedAt)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
      {action && (
        <BulkModal
          subAccountId={subAccountId}
          pipeline={pipeline}
          action={action}
          ids={[...selected]}
          onClose={() => setAction(null)}
          onDone={(updated) => {
            setAction(null);
            setSelected(new Set());
            setDone(`${ACTION_TITLE[action]}: ${updated} opportunit${updated === 1 ? 'y' : 'ies'} updated.`);
          }}
        />
      )}
    </Stack>
  );
}
