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
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { opportunitiesApi } from '../../api/opportunities.api.ts';
import { tasksApi, type Task } from '../../api/tasks.api.ts';
import type { Can } from '../../app/permissions.ts';
import { useMe } from '../../app/session.ts';
import { FormError } from '../../ui/form-error.tsx';
import { orNull, showApiErrors, validateAs } from '../../ui/api-form.ts';
import { createTaskBody } from '../../api/schemas.ts';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { useAssignableUsers } from '../contacts/use-crm-lookups.ts';
import { TaskList } from './task-list.tsx';
import { taskKeys } from './task.keys.ts';
import { contactKeys } from '../contacts/contact.keys.ts';

/** `dueAt` as the input holds it: a local date and time (`2024-03-31T14:30`), or empty. */
type Values = { title: string; body: string; dueAt: string; assigneeUserId: string | null };
const toBody = (v: Values) => ({
  title: v.title.trim(),
  body: orNull(v.body),
  dueAt: v.dueAt ? new Date(v.dueAt).toISOString() : null,
  assigneeUserId: v.assigneeUserId,
});

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
  const form = useForm<Values>({
    initialValues: { title: '', body: '', dueAt: '', assigneeUserId: me?.user.id ?? null },
    validate: validateAs(createTaskBody, toBody),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: taskKeys.all(subAccountId) }),
      queryClient.invalidateQueries({
        queryKey: contactKeys.timeline(subAccountId, contactId),
      }),
    ]);
  const create = useMutation({
    mutationFn: (values: Values) =>
      opportunityId
        ? opportunitiesApi.createTask(subAccountId, opportunityId, toBody(values))
        : tasksApi.create(subAccountId, contactId, toBody(values)),
    onSuccess: async () => {
      // The assignee stays: the next task is usually for the same person.
      form.setValues({ title: '', body: '', dueAt: '' });
      await refresh();
    },
    onError: (error) => showApiErrors(form, error),
  });
  const toggle = useMutation({
    mutationFn: (task: Task) =>
      task.status === 'open'
        ? tasksApi.complete(subAccountId, contactId, task.id)
        : tasksApi.reopen(subAccountId, contactId, task.id),
    onSuccess: refresh,
  });
  return (
    <Stack gap="sm">
      {can('contacts:update') && (
        <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
          <Stack gap="xs">
            <FormError error={create.error} fields={['title', 'dueAt', 'assigneeUserId', 'body']} />
            <TextInput
              label="New task"
              placeholder="Call back about the quote"
              {...form.getInputProps('title')}
            />
            <Textarea
              aria-label="Task details"
              placeholder="Details (optional)"
              autosize
              minRows={1}
              {...form.getInputProps('body')}
            />
            <SimpleGrid cols={2}>
              <TextInput label="Due" type="datetime-local" {...form.getInputProps('dueAt')} />
              <Select
                label="Assignee"
                data={users.options}
                {...form.getInputProps('assigneeUserId')}
                clearable
                searchable
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button
                type="submit"
                size="xs"
                loading={create.isPending}
                disabled={!form.getValues().title.trim()}
              >
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
