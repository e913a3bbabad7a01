import { ActionIcon, Alert, Badge, Box, Button, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import {
  opportunitiesApi,
  type BoardColumn,
  type BoardQuery,
  type MoneyTotal,
  type Opportunity,
} from '../../api/opportunities.api.ts';
import type { Pipeline, PipelineStage } from '../../api/pipelines.api.ts';
import { EmptyState, ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { addSums, formatTotals } from './money.ts';
import { OPPORTUNITY_DRAG_TYPE, OpportunityCard } from './opportunity-card.tsx';
import { opportunityKeys } from './opportunity.keys.ts';

const PAGE_SIZE = 20;

type Columns = Record<string, BoardColumn>;
type Drag = { id: string; fromStageId: string };

/** A card's value x the stage's win probability, rounded half up to the minor unit, exactly. */
const weighted = (value: number, stage: PipelineStage | undefined) =>
  (BigInt(value) * BigInt(stage?.winProbability ?? 0) + 50n) / 100n;

/** Adds (sign 1) or takes away (sign -1) one card's value from a column's totals (exact sums). */
function adjustTotals(
  totals: MoneyTotal[],
  card: Opportunity,
  stage: PipelineStage | undefined,
  sign: 1n | -1n,
) {
  const next = totals.map((t) => ({ ...t }));
  let total = next.find((t) => t.currency === card.currency);
  if (!total) {
    total = { currency: card.currency, value: '0', weightedValue: '0' };
    next.push(total);
  }
  total.value = addSums(total.value, sign * BigInt(card.monetaryValue));
  total.weightedValue = addSums(total.weightedValue, sign * weighted(card.monetaryValue, stage));
  return next;
}

/** The columns after moving `card` to `toStageId` at `index` (the top when absent). */
function applyMove(
  columns: Columns,
  card: Opportunity,
  toStageId: string,
  stages: PipelineStage[],
  index = 0,
): Columns {
  const from = columns[card.stageId];
  const to = columns[toStageId];
  if (!from || !to) return columns;
  const stageOf = (id: string) => stages.find((s) => s.id === id);
  const moved: Opportunity = { ...card, stageId: toStageId, rotting: false };
  const items = to.items.filter((o) => o.id !== card.id);
  items.splice(Math.min(index, items.length), 0, moved);
  return {
    ...columns,
    [card.stageId]: {
      ...from,
      count: from.count - 1,
      totals: adjustTotals(from.totals, card, stageOf(card.stageId), -1n),
      items: from.items.filter((o) => o.id !== card.id),
    },
    [toStageId]: {
      ...to,
      count: to.count + 1,
      totals: adjustTotals(to.totals, moved, stageOf(toStageId), 1n),
      items,
    },
  };
}

function indexColumns(columns: BoardColumn[]): Columns {
  return Object.fromEntries(columns.map((c) => [c.stageId, c]));
}

/**
 * The kanban board of one pipeline: a column per stage with its count, totals and weighted totals;
 * cards dragged between columns move at once and go back, with a message, when the API refuses.
 * Each column loads its next cards when its end scrolls into view.
 */
export function OpportunityBoard({
  subAccountId,
  pipeline,
  filters,
  canMove,
  canCreate,
  nameOf,
  onOpen,
  onCreate,
}: {
  subAccountId: string;
  pipeline: Pipeline;
  filters: BoardQuery;
  canMove: boolean;
  canCreate: boolean;
  nameOf: (userId: string | null) => string | null;
  onOpen: (opportunity: Opportunity) => void;
  onCreate: (stageId: string) => void;
}) {
  const queryClient = useQueryClient();
  const stages = pipeline.stages;
  const query = useQuery({
    queryKey: opportunityKeys.board(subAccountId, pipeline.id, filters),
    queryFn: () => opportunitiesApi.board(subAccountId, pipeline.id, { ...filters, limit: PAGE_SIZE }),
  });
  const [columns, setColumns] = useState<Columns>({});
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  useEffect(() => {
    if (query.data) setColumns(indexColumns(query.data.columns));
  }, [query.data]);

  const [drag, setDrag] = useState<Drag | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [pending, setPending] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ title: string; text: string } | null>(null);
  const [loadingMore, setLoadingMore] = useState<Set<string>>(new Set());

  /** Counts and totals from the server after a move; the cards on screen stay as they are. */
  const refreshTotals = useCallback(async () => {
    try {
      const fresh = await opportunitiesApi.board(subAccountId, pipeline.id, { ...filters, limit: 1 });
      setColumns((current) => {
        const next = { ...current };
        for (const c of fresh.columns) {
          const had = next[c.stageId];
          if (had) next[c.stageId] = { ...had, count: c.count, totals: c.totals };
        }
        return next;
      });
    } catch {
      // The optimistic totals stay; the next load of the board corrects them.
    }
  }, [subAccountId, pipeline.id, filters]);

  const move = async (id: string, fromStageId: string, toStageId: string) => {
    if (fromStageId === toStageId) return;
    const fromColumn = columnsRef.current[fromStageId];
    const card = fromColumn?.items.find((o) => o.id === id);
    if (!fromColumn || !card) return;
    const index = fromColumn.items.indexOf(card);
    setMessage(null);
    setColumns((c) => applyMove(c, card, toStageId, stages));
    setPending((p) => new Set(p).add(id));
    try {
      const updated = await opportunitiesApi.update(subAccountId, id, { stageId: toStageId }, card.version);
      setColumns((c) => {
        const column = c[toStageId];
        if (!column) return c;
        return {
          ...c,
          [toStageId]: { ...column, items: column.items.map((o) => (o.id === id ? updated : o)) },
        };
      });
      void refreshTotals();
      void queryClient.invalidateQueries({ queryKey: opportunityKeys.detail(subAccountId, id) });
    } catch (error) {
      // Back where it was, at the same place in its column.
      setColumns((c) => {
        const current = c[toStageId]?.items.find((o) => o.id === id);
        return current ? applyMove(c, { ...current, rotting: card.rotting }, fromStageId, stages, index) : c;
      });
      const toName = stages.find((s) => s.id === toStageId)?.name ?? 'that stage';
      if (error instanceof ApiError && error.status === 412) {
        setMessage({
          title: 'Someone else changed this opportunity',
          text: `“${card.name}” was changed by someone else since the board was loaded, so it was not moved to ${toName}. The board now shows their changes; move it again if you still want to.`,
        });
        void query.refetch();
      } else {
        setMessage({ title: `Could not move “${card.name}” to ${toName}`, text: errorMessage(error) });
      }
    } finally {
      setPending((p) => {
        const next = new Set(p);
        next.delete(id);
        return next;
      });
    }
  };

  // Which columns are fetching their next page, read synchronously so a second scroll event
  // does not fetch the same page again.
  const fetching = useRef(new Set<string>());
  const loadMore = useCallback(
    async (stageId: string) => {
      const column = columnsRef.current[stageId];
      if (!column?.nextCursor || fetching.current.has(stageId)) return;
      fetching.current.add(stageId);
      setLoadingMore((s) => new Set(s).add(stageId));
      try {
        const page = await opportunitiesApi.column(subAccountId, pipeline.id, stageId, {
          ...filters,
          limit: PAGE_SIZE,
          cursor: column.nextCursor,
        });
        setColumns((c) => {
          const current = c[stageId];
          if (!current) return c;
          const seen = new Set(current.items.map((o) => o.id));
          return {
            ...c,
            [stageId]: {
              ...current,
              items: [...current.items, ...page.items.filter((o) => !seen.has(o.id))],
              nextCursor: page.nextCursor,
            },
          };
        });
      } catch (error) {
        setMessage({ title: 'Could not load more cards', text: errorMessage(error) });
      } finally {
        fetching.current.delete(stageId);
        setLoadingMore((s) => {
          const next = new Set(s);
          next.delete(stageId);
          return next;
        });
      }
    },
    [subAccountId, pipeline.id, filters],
  );

  if (query.isPending) return <LoadingState label="Loading the board…" />;
  if (query.isError)
    return (
      <ErrorAlert error={query.error} title="Could not load the board" onRetry={() => void query.refetch()} />
    );
  if (stages.length === 0) return <EmptyState title="This pipeline has no stages" />;

  const onDrop = (event: DragEvent<HTMLDivElement>, stageId: string) => {
    event.preventDefault();
    setOver(null);
    const id = event.dataTransfer.getData(OPPORTUNITY_DRAG_TYPE) || drag?.id;
    const fromStageId =
      drag && drag.id === id
        ? drag.fromStageId
        : Object.values(columnsRef.current).find((c) => c.items.some((o) => o.id === id))?.stageId;
    setDrag(null);
    if (id && fromStageId) void move(id, fromStageId, stageId);
  };

  return (
    <Stack gap="sm">
      {message && (
        <Alert
          color="red"
          variant="light"
          title={message.title}
          withCloseButton
          onClose={() => setMessage(null)}
          role="alert"
          data-testid="board-message"
        >
          {message.text}
        </Alert>
      )}
      <Box style={{ overflowX: 'auto' }} pb="sm" data-testid="board">
        <Group align="flex-start" wrap="nowrap" gap="sm">
          {stages.map((stage) => {
            const column = columns[stage.id] ?? {
              stageId: stage.id,
              count: 0,
              totals: [],
              items: [],
              nextCursor: null,
            };
            return (
              <BoardColumnView
                key={stage.id}
                stage={stage}
                column={column}
                highlighted={over === stage.id && drag?.fromStageId !== stage.id}
                loadingMore={loadingMore.has(stage.id)}
                canCreate={canCreate}
                onCreate={() => onCreate(stage.id)}
                onLoadMore={() => void loadMore(stage.id)}
                onDragOver={(event) => {
                  if (!drag && !event.dataTransfer.types.includes(OPPORTUNITY_DRAG_TYPE)) return;
                  event.preventDefault();
                  event.dataTransfer.dropEffect = 'move';
                  if (over !== stage.id) setOver(stage.id);
                }}
                onDragLeave={(event) => {
                  if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(null);
                }}
                onDrop={(event) => onDrop(event, stage.id)}
              >
                {column.items.map((o) => (
                  <OpportunityCard
                    key={o.id}
                    opportunity={o}
                    assigneeName={nameOf(o.assignedUserId)}
                    draggable={canMove && !pending.has(o.id)}
                    pending={pending.has(o.id)}
                    onOpen={() => onOpen(o)}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(OPPORTUNITY_DRAG_TYPE, o.id);
                      event.dataTransfer.setData('text/plain', o.name);
                      event.dataTransfer.effectAllowed = 'move';
                      setDrag({ id: o.id, fromStageId: stage.id });
                    }}
                    onDragEnd={() => {
                      setDrag(null);
                      setOver(null);
                    }}
                    onMoveBy={(step) => {
                      const to = stages[stages.indexOf(stage) + step];
                      if (!to) return;
                      void move(o.id, stage.id, to.id);
                      // The card is drawn anew in its new column: keep the keyboard on it.
                      requestAnimationFrame(() =>
                        document
                          .querySelector<HTMLElement>(
                            `[data-testid="opportunity-card"][data-id="${o.id}"] button`,
                          )
                          ?.focus(),
                      );
                    }}
                  />
                ))}
              </BoardColumnView>
            );
          })}
        </Group>
      </Box>
    </Stack>
  );
}

function BoardColumnView({
  stage,
  column,
  highlighted,
  loadingMore,
  canCreate,
  onCreate,
  onLoadMore,
  onDragOver,
  onDragLeave,
  onDrop,
  children,
}: {
  stage: PipelineStage;
  column: BoardColumn;
  highlighted: boolean;
  loadingMore: boolean;
  canCreate: boolean;
  onCreate: () => void;
  onLoadMore: () => void;
  onDragOver: (event: DragEvent<HTMLDivElement>) => void;
  onDragLeave: (event: DragEvent<HTMLDivElement>) => void;
  onDrop: (event: DragEvent<HTMLDivElement>) => void;
  children: ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const hasMore = column.nextCursor !== null;
  // The latest callback, so the observer is not rebuilt on every render.
  const loadMoreRef = useRef(onLoadMore);
  loadMoreRef.current = onLoadMore;
  // The column's end coming into view (by scrolling the column) loads its next cards.
  useEffect(() => {
    const root = scroller.current;
    const target = sentinel.current;
    if (!root || !target || !hasMore || loadingMore) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadMoreRef.current();
      },
      { root, rootMargin: '0px 0px 120px 0px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, loadingMore]);

  return (
    <Paper
      w={272}
      miw={272}
      radius="md"
      bg={highlighted ? 'indigo.0' : 'gray.0'}
      withBorder
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="board-column"
      data-stage-id={stage.id}
      data-stage-name={stage.name}
      style={{
        outline: highlighted ? '2px dashed var(--mantine-color-indigo-4)' : undefined,
        transition: 'background-color 120ms',
      }}
    >
      <Stack gap={2} p="xs" pb={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text size="sm" fw={650} truncate="end" title={stage.name}>
              {stage.name}
            </Text>
            <Badge size="sm" variant="light" color="gray" data-testid="column-count">
              {column.count.toLocaleString()}
            </Badge>
          </Group>
          <Group gap={2} wrap="nowrap">
            <Tooltip label="Win probability">
              <Text size="xs" c="dimmed">
                {stage.winProbability}%
              </Text>
            </Tooltip>
            {canCreate && (
              <ActionIcon
                variant="subtle"
                size="sm"
                aria-label={`New opportunity in ${stage.name}`}
                onClick={onCreate}
              >
                +
              </ActionIcon>
            )}
          </Group>
        </Group>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" fw={600} data-testid="column-total" truncate="end">
            {formatTotals(column.totals)}
          </Text>
          <Tooltip label={`Weighted by the stage's ${stage.winProbability}% win probability`}>
            <Text size="xs" c="dimmed" data-testid="column-weighted" truncate="end">
              weighted {formatTotals(column.totals, true)}
            </Text>
          </Tooltip>
        </Group>
      </Stack>
      <Stack
        ref={scroller}
        gap={6}
        p={6}
        mih={120}
        style={{ maxHeight: 'calc(100vh - 290px)', overflowY: 'auto' }}
        data-testid="column-cards"
      >
        {children}
        {column.count === 0 && (
          <Text size="xs" c="dimmed" ta="center" py="md">
            Drop opportunities here
          </Text>
        )}
        {hasMore && (
          <div ref={sentinel}>
            <Button variant="subtle" size="compact-xs" fullWidth loading={loadingMore} onClick={onLoadMore}>
              Load more ({(column.count - column.items.length).toLocaleString()} left)
            </Button>
          </div>
        )}
      </Stack>
    </Paper>
  );
}
