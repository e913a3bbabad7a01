import { Text, Timeline } from '@mantine/core';
import { contactsApi } from '../../api/contacts.api.ts';
import { formatDateTime } from '../../ui/format.ts';
import { Markdown } from '../../ui/markdown.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { contactKeys } from './contact.keys.ts';

// Keyed by string, not by the kinds the client was generated with: a kind the API adds later
// still renders (in gray) instead of breaking the build or the page.
const COLORS: Record<string, string> = {
  created: 'teal',
  updated: 'blue',
  deleted: 'red',
  restored: 'teal',
  tag_added: 'violet',
  tag_removed: 'gray',
  note_created: 'yellow',
  task_created: 'orange',
  task_completed: 'teal',
  opportunity_created: 'indigo',
  opportunity_stage_changed: 'indigo',
  opportunity_status_changed: 'grape',
  opportunity_value_changed: 'cyan',
  merged: 'blue',
  smart_list_entered: 'lime',
  smart_list_exited: 'gray',
};

/** What happened to a contact, newest first: changes, tags, notes, tasks, opportunities. */
export function TimelinePanel({ subAccountId, contactId }: { subAccountId: string; contactId: string }) {
  const list = usePagedList(contactKeys.timeline(subAccountId, contactId), (cursor) =>
    contactsApi.timeline(subAccountId, contactId, cursor),
  );
  if (list.isPending) return <LoadingState />;
  return (
    <>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.items.length === 0 ? (
        <EmptyState title="Nothing has happened yet" />
      ) : (
        <Timeline bulletSize={14} lineWidth={2} active={list.items.length - 1} data-testid="timeline">
          {list.items.map((item) => (
            <Timeline.Item
              key={item.id}
              color={COLORS[item.kind] ?? 'gray'}
              // A note's summary is its markdown: shown as written, not as raw asterisks.
              title={<Markdown source={item.summary} />}
            >
              <Text size="xs" c="dimmed">
                {formatDateTime(item.at)}
                {item.actorName ? ` · ${item.actorName}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </>
  );
}
