import {
  Button,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { opportunitiesApi } from '../../api/opportunities.api.ts';
import { tasksApi, type Task } from '../../api/tasks.api.ts';
import type { Can } from '../../app/permissions.ts';
import { useMe } from '../../app/session.ts';
import { FormError, fieldError } from '../../ui/form-error.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { useAssignableUsers } from '../contacts/use-crm-lookups.ts';
import { TaskList } from './task-list.tsx';
import { taskKeys } from './task.keys.ts';
import { contactKeys } from '../contacts/contact.keys.ts';

/**
 * Tasks of one contact: add (title, due, assignee), complete, reopen. With `opportunityId`, the
 * tasks of that opportunity of the contact (listed and added through the opportunity).
 */
export function TasksPanel({
  subAccountId,
  contactId,
  opportunityId,
  can,
}: {
  subAccountId: string;
  contactId: string;
  opportunityId?: string;
  can: Can;
}) {
  const queryClient = useQueryClient();
  const me = useMe().data;
  const users = useAssignableUsers(subAccountId);
  const [status, setStatus] = useState<Task['status']>('open');
  const key = taskKeys.ofContact(subAccountId, contactId, opportunityId, status);
  const list = usePagedList(key, (cursor) =>
    opportunityId
      ? opportunitiesApi.tasks(subAccountId, opportunityId, { status, cursor })
      : tasksApi.list(subAccountId, contactId, { status, cursor }),
  );
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [due, setDue] = useState('');
  const [assignee, setAssignee] = useState<string | null>(me?.user.id ?? null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: taskKeys.all(subAccountId) }),
      queryClient.invalidateQueries({
        queryKey: contactKeys.timeline(subAccountId, contactId),
      }),
    ]);
  const create = useMutation({
    mutationFn: () => {
      const input = {
        title: title.trim(),
        body: body.trim() || null,
        dueAt: due ? new Date(due).toISOString() : null,
        assigneeUserId: assignee,
      };
      return opportunityId
        ? opportunitiesApi.createTask(subAccountId, opportunityId, input)
        : tasksApi.create(subAccountId, contactId, input);
    },
    onSuccess: async () => {
      setTitle('');
      setBody('');
      setDue('');
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (task: Task) =>
      task.status === 'open'
        ? tasksApi.complete(subAccountId, contactId, task.id)
        : tasksApi.reopen(subAccountId, contactId, task.id),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Stack gap="sm">
      {can('contacts:update') && (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <FormError error={create.error} fields={['title', 'dueAt', 'assigneeUserId', 'body']} />
            <TextInput
              label="New task"
              placeholder="Call back about the quote"
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={fieldError(create.error, 'title')}
            />
            <Textarea
              aria-label="Task details"
              placeholder="Details (optional)"
              autosize
              minRows={1}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <SimpleGrid cols={2}>
              <TextInput
                label="Due"
                type="datetime-local"
                value={due}
                onChange={(e) => setDue(e.currentTarget.value)}
                error={fieldError(create.error, 'dueAt')}
              />
              <Select
                label="Assignee"
                data={users.options}
                value={assignee}
                onChange={setAssignee}
                clearable
                searchable
                error={fieldError(create.error, 'assigneeUserId')}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={create.isPending} disabled={!title.trim()}>
                Add task
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <SegmentedControl
        size="xs"
        value={status}
        onChange={(v) => setStatus(v as Task['status'])}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'completed', label: 'Completed' },
        ]}
      />
      <ErrorAlert error={list.error ?? toggle.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <LoadingState />
      ) : list.items.length === 0 ? (
        <EmptyState title={status === 'open' ? 'No open tasks' : 'No completed tasks'} />
      ) : (
        <TaskList tasks={list.items} onToggle={(t) => toggle.mutate(t)} canUpdate={can('contacts:update')} />
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </Stack>
  );
}
