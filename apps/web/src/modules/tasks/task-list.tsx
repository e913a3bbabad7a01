import { Badge, Checkbox, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Task } from '../../api/tasks.api.ts';
import { formatDateTime, formatRelative } from '../../ui/format.ts';

export function dueBadge(task: Task, now = Date.now()): ReactNode {
  if (!task.dueAt) return null;
  const due = new Date(task.dueAt).getTime();
  const overdue = task.status === 'open' && due < now;
  const today = new Date(task.dueAt).toDateString() === new Date(now).toDateString();
  return (
    <Tooltip label={formatDateTime(task.dueAt)}>
      <Badge
        size="sm"
        variant="light"
        color={task.status === 'completed' ? 'gray' : overdue ? 'red' : today ? 'orange' : 'blue'}
        tt="none"
      >
        {overdue ? 'Overdue · ' : 'Due '}
        {formatRelative(task.dueAt)}
      </Badge>
    </Tooltip>
  );
}

/** Tasks with a tick box to complete or reopen them. */
export function TaskList({
  tasks,
  onToggle,
  canUpdate,
  extra,
}: {
  tasks: Task[];
  onToggle: (task: Task) => void;
  canUpdate: boolean;
  extra?: (task: Task) => ReactNode;
}) {
  return (
    <Stack gap={6}>
      {tasks.map((task) => (
        <Paper key={task.id} withBorder p="xs" px="sm" data-testid="task" data-status={task.status}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Checkbox
                mt={2}
                aria-label={task.status === 'completed' ? `Reopen ${task.title}` : `Complete ${task.title}`}
                checked={task.status === 'completed'}
                disabled={!canUpdate}
                onChange={() => onToggle(task)}
              />
              <Stack gap={2}>
                <Text size="sm" fw={500} td={task.status === 'completed' ? 'line-through' : undefined}>
                  {task.title}
                </Text>
                {task.body && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {task.body}
                  </Text>
                )}
                <Group gap={6}>
                  {dueBadge(task)}
                  <Text size="xs" c="dimmed">
                    {task.assigneeName ? `Assigned to ${task.assigneeName}` : 'Unassigned'}
                  </Text>
                  {extra?.(task)}
                </Group>
              </Stack>
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
