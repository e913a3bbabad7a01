import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { subAccountsApi } from '../api/agencies.api.ts';
import { tasksApi, type Task, type TaskDue } from '../api/tasks.api.ts';
import { permissionsFor } from '../app/permissions.ts';
import { useMe } from '../app/session.ts';
import { TaskList } from '../modules/tasks/task-list.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../ui/states.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { taskKeys } from '../modules/tasks/task.keys.ts';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';
import { AnchorLink } from '../ui/links.tsx';

const COLUMNS: { due: TaskDue; title: string; empty: string; color: string }[] = [
  { due: 'overdue', title: 'Overdue', empty: 'Nothing overdue.', color: 'red' },
  { due: 'today', title: 'Due today', empty: 'Nothing due today.', color: 'orange' },
  { due: 'upcoming', title: 'Upcoming', empty: 'Nothing coming up.', color: 'blue' },
];

function TaskColumn({
  subAccountId,
  due,
  title,
  empty,
  color,
  canUpdate,
}: {
  subAccountId: string;
  due: TaskDue;
  title: string;
  empty: string;
  color: string;
  canUpdate: boolean;
}) {
  const queryClient = useQueryClient();
  const list = usePagedList(taskKeys.mine(subAccountId, due), (cursor) =>
    tasksApi.mine(subAccountId, { assignee: 'me', due, cursor }),
  );
  const complete = useMutation({
    mutationFn: (task: Task) =>
      task.status === 'open'
        ? tasksApi.complete(subAccountId, task.contactId, task.id)
        : tasksApi.reopen(subAccountId, task.contactId, task.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: taskKeys.all(subAccountId) }),
  });
  return (
    <Card withBorder data-testid={`my-tasks-${due}`}>
      <Title order={4} fz="md" c={color} mb="sm">
        {title}
        {list.data && (
          <Text span c="dimmed" size="sm" fw={400}>
            {' '}
            ({list.items.length}
            {list.hasNextPage ? '+' : ''})
          </Text>
        )}
      </Title>
      <ErrorAlert error={list.error ?? complete.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <LoadingState />
      ) : list.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <TaskList
          tasks={list.items}
          canUpdate={canUpdate}
          onToggle={(t) => complete.mutate(t)}
          extra={(t) => (
            <AnchorLink
              to="/sub-accounts/$subAccountId/contacts/$contactId"
              params={{ subAccountId, contactId: t.contactId }}
              size="xs"
            >
              Open contact
            </AnchorLink>
          )}
        />
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </Card>
  );
}

/** The signed-in person's open tasks across contacts: overdue, due today, upcoming. */
export function MyTasksPage({ subAccountId }: { subAccountId: string }) {
  const me = useMe().data;
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId),
    queryFn: () => subAccountsApi.get(subAccountId),
  });
  const can = permissionsFor(me, { agencyId: subAccount.data?.agencyId, subAccountId });
  if (!me) return <LoadingState />;
  return (
    <Stack>
      <PageHeader title="My tasks" description="Open tasks assigned to you, across contacts" />
      {!can('contacts:read') && subAccount.data ? (
        <EmptyState title="No access to contacts">Your role does not include contacts.</EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          {COLUMNS.map((c) => (
            <TaskColumn key={c.due} subAccountId={subAccountId} {...c} canUpdate={can('contacts:update')} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
