import { Button, Group, Menu, Modal, Paper, Progress, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  contactsApi,
  type BulkAction,
  type CreateBulkActionInput,
  type ContactFilter,
  type ContactStatus,
} from '../../api/contacts.api.ts';
import type { Can } from '../../app/permissions.ts';
import { humanize } from '../../ui/format.ts';
import { ErrorAlert } from '../../ui/states.tsx';
import { ChevronDownIcon } from '../../ui/icons.tsx';
import { CONTACT_STATUSES } from './contact-filter.ts';
import { useAssignableUsers, useTags } from './use-crm-lookups.ts';
import { contactKeys, tagKeys } from './contact.keys.ts';

/** What the bulk action applies to: ticked rows, or every contact the filter matches. */
export type Selection =
  { kind: 'ids'; ids: string[] } | { kind: 'filter'; filter: ContactFilter; count: number };

type Pending = { action: BulkAction['action']; title: string };

const ACTION_LABEL: Record<BulkAction['action'], string> = {
  tag: 'Adding tags',
  untag: 'Removing tags',
  assign: 'Assigning',
  set_status: 'Changing status',
  delete: 'Deleting',
};

/** Polls a running bulk action until it finishes; the list refreshes when it does. */
function BulkProgress({
  subAccountId,
  job,
  onDone,
}: {
  subAccountId: string;
  job: BulkAction;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: contactKeys.bulkAction(subAccountId, job.id),
    queryFn: () => contactsApi.bulk(subAccountId, job.id),
    initialData: job,
    refetchInterval: (q) =>
      q.state.data?.status === 'completed' || q.state.data?.status === 'failed' ? false : 700,
  });
  const current = query.data;
  const finished = current.status === 'completed' || current.status === 'failed';
  useEffect(() => {
    if (finished) {
      void queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) });
      void queryClient.invalidateQueries({ queryKey: tagKeys.all(subAccountId) });
    }
  }, [finished, queryClient, subAccountId]);
  const total = current.totalCount ?? 0;
  const pct = total > 0 ? Math.round((current.processedCount / total) * 100) : finished ? 100 : 0;
  return (
    <Paper withBorder p="sm" data-testid="bulk-progress" data-status={current.status}>
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={500}>
          {ACTION_LABEL[current.action]}: {current.processedCount.toLocaleString()} of{' '}
          {current.totalCount === null ? '…' : total.toLocaleString()}
          {current.errorCount > 0 && ` · ${current.errorCount} errors`}
        </Text>
        <Group gap="xs">
          <Text
            size="sm"
            c={current.status === 'failed' ? 'red' : current.status === 'completed' ? 'teal' : 'dimmed'}
          >
            {humanize(current.status)}
          </Text>
          {finished && (
            <Button size="compact-xs" variant="subtle" onClick={onDone}>
              Dismiss
            </Button>
          )}
        </Group>
      </Group>
      <Progress value={pct} color={current.status === 'failed' ? 'red' : 'teal'} animated={!finished} />
      {current.lastError && (
        <Text size="xs" c="red" mt={4}>
          {current.lastError}
        </Text>
      )}
    </Paper>
  );
}

export function BulkActionsBar({
  subAccountId,
  selection,
  can,
  onStarted,
  onClear,
}: {
  subAccountId: string;
  selection: Selection;
  can: Can;
  onStarted: () => void;
  onClear: () => void;
}) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [value, setValue] = useState<string | null>(null);
  const [job, setJob] = useState<BulkAction | null>(null);
  const { tags } = useTags(subAccountId);
  const users = useAssignableUsers(subAccountId);
  const count = selection.kind === 'ids' ? selection.ids.length : selection.count;

  const start = useMutation({
    mutationFn: (input: CreateBulkActionInput) => contactsApi.startBulk(subAccountId, input),
    onSuccess: (started) => {
      setJob(started);
      setPending(null);
      setValue(null);
      onStarted();
    },
  });

  const submit = () => {
    if (!pending) return;
    const target = selection.kind === 'ids' ? { contactIds: selection.ids } : { filter: selection.filter };
    const input: CreateBulkActionInput | null =
      pending.action === 'tag' || pending.action === 'untag'
        ? value
          ? { action: pending.action, selection: target, params: { tagIds: [value] } }
          : null
        : pending.action === 'assign'
          ? value
            ? {
                action: 'assign',
                selection: target,
                params: { userId: value === 'unassigned' ? null : value },
              }
            : null
          : pending.action === 'set_status'
            ? value
              ? { action: 'set_status', selection: target, params: { status: value as ContactStatus } }
              : null
            : { action: 'delete', selection: target, params: {} };
    if (input) start.mutate(input);
  };

  const open = (action: BulkAction['action'], title: string) => {
    start.reset();
    setValue(null);
    setPending({ action, title });
  };

  return (
    <Stack gap="xs">
      {count > 0 && (
        <Paper withBorder p="xs" px="sm" bg="indigo.0" data-testid="bulk-bar">
          <Group justify="space-between">
            <Text size="sm" fw={500} data-testid="selection-count">
              {count.toLocaleString()} selected
              {selection.kind === 'filter' ? ' (every match of the filter)' : ''}
            </Text>
            <Group gap="xs">
              {can('contacts:update') && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button size="xs" rightSection={<ChevronDownIcon size={12} />} data-testid="bulk-actions">
                      Actions
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => open('tag', 'Add a tag')}>Add tag</Menu.Item>
                    <Menu.Item onClick={() => open('untag', 'Remove a tag')}>Remove tag</Menu.Item>
                    <Menu.Item onClick={() => open('assign', 'Assign to')}>Assign</Menu.Item>
                    <Menu.Item onClick={() => open('set_status', 'Change status')}>Change status</Menu.Item>
                    {can('contacts:delete') && (
                      <>
                        <Menu.Divider />
                        <Menu.Item color="red" onClick={() => open('delete', 'Delete contacts')}>
                          Delete
                        </Menu.Item>
                      </>
                    )}
                  </Menu.Dropdown>
                </Menu>
              )}
              <Button size="xs" variant="subtle" onClick={onClear}>
                Clear selection
              </Button>
            </Group>
          </Group>
        </Paper>
      )}
      {job && <BulkProgress key={job.id} subAccountId={subAccountId} job={job} onDone={() => setJob(null)} />}
      <Modal opened={pending !== null} onClose={() => setPending(null)} title={pending?.title}>
        <Stack>
          <ErrorAlert error={start.error} title="Could not start" />
          <Text size="sm">
            {pending?.action === 'delete'
              ? `Delete ${count.toLocaleString()} contacts? They can be restored later.`
              : `Applies to ${count.toLocaleString()} contacts.`}
          </Text>
          {(pending?.action === 'tag' || pending?.action === 'untag') && (
            <Select
              label="Tag"
              data={tags.map((t) => ({ value: t.id, label: t.name }))}
              value={value}
              onChange={setValue}
              searchable
              data-autofocus
            />
          )}
          {pending?.action === 'assign' && (
            <Select
              label="Assign to"
              data={[{ value: 'unassigned', label: 'Nobody (unassign)' }, ...users.options]}
              value={value}
              onChange={setValue}
              searchable
            />
          )}
          {pending?.action === 'set_status' && (
            <Select
              label="Status"
              data={CONTACT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
              value={value}
              onChange={setValue}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)}>
              Cancel
            </Button>
            <Button
              color={pending?.action === 'delete' ? 'red' : undefined}
              onClick={submit}
              loading={start.isPending}
              disabled={pending?.action !== 'delete' && !value}
              data-testid="bulk-apply"
            >
              {pending?.action === 'delete' ? 'Delete' : 'Apply'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
