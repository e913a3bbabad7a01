import { Avatar, Badge, Group, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { DragEvent, KeyboardEvent } from 'react';
import type { Opportunity } from '../../api/opportunities.api.ts';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { formatMoney } from '../../api/schemas.ts';
import { OPPORTUNITY_STATUSES } from './opportunity-filters.tsx';

export const OPPORTUNITY_DRAG_TYPE = 'application/x-openlevel-opportunity';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join('');
}

export function StatusBadge({ status }: { status: Opportunity['status'] }) {
  const s = OPPORTUNITY_STATUSES.find((x) => x.value === status);
  return (
    <Badge size="xs" variant="light" color={s?.color ?? 'gray'}>
      {s?.label ?? status}
    </Badge>
  );
}

/**
 * One card of the board: name, contact, value, assignee and the rotting flag; draggable with a
 * mouse, and moved with Alt+Left / Alt+Right from the keyboard (focus is on its name).
 */
export function OpportunityCard({
  opportunity: o,
  assigneeName,
  draggable,
  pending,
  onOpen,
  onDragStart,
  onDragEnd,
  onMoveBy,
}: {
  opportunity: Opportunity;
  assigneeName: string | null;
  draggable: boolean;
  pending: boolean;
  onOpen: () => void;
  onDragStart: (event: DragEvent<HTMLDivElement>) => void;
  onDragEnd: () => void;
  /** Moves the card to the previous (-1) or next (1) stage. */
  onMoveBy: (step: -1 | 1) => void;
}) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!draggable || !event.altKey || (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight')) return;
    event.preventDefault();
    onMoveBy(event.key === 'ArrowLeft' ? -1 : 1);
  };
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      shadow="xs"
      draggable={draggable}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onKeyDown={onKeyDown}
      data-testid="opportunity-card"
      data-id={o.id}
      data-name={o.name}
      style={{
        cursor: draggable ? 'grab' : undefined,
        opacity: pending ? 0.6 : 1,
        borderLeft: o.rotting ? '3px solid var(--mantine-color-orange-6)' : undefined,
      }}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" gap={6} align="flex-start">
          <UnstyledButton
            onClick={onOpen}
            style={{ minWidth: 0 }}
            aria-label={`Open ${o.name}`}
            aria-keyshortcuts={draggable ? 'Alt+ArrowLeft Alt+ArrowRight' : undefined}
            title={draggable ? 'Alt+← or Alt+→ moves it to the stage before or after' : undefined}
          >
            <Text size="sm" fw={600} lineClamp={2}>
              {o.name}
            </Text>
          </UnstyledButton>
          {o.status !== 'open' && <StatusBadge status={o.status} />}
        </Group>
        <Text size="xs" c="dimmed" truncate="end">
          {o.contact.name || o.contact.email || o.contact.phone || 'Unnamed contact'}
        </Text>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <Text size="sm" fw={500} data-testid="card-value">
            {formatMoney(o.monetaryValue, o.currency, { compact: true })}
          </Text>
          <Group gap={6} wrap="nowrap">
            {o.rotting && (
              <Tooltip label={`In this stage since ${formatDateTime(o.stageEnteredAt)}`}>
                <Badge size="xs" color="orange" variant="filled" data-testid="rotting">
                  Rotting · {formatRelative(o.stageEnteredAt).replace(/ ago$/, '')}
                </Badge>
              </Tooltip>
            )}
            {assigneeName && (
              <Tooltip label={`Assigned to ${assigneeName}`}>
                <Avatar size={22} radius="xl" color="indigo">
                  {initials(assigneeName)}
                </Avatar>
              </Tooltip>
            )}
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
