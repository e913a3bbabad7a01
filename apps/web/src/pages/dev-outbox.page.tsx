import {
  Anchor,
  Badge,
  Box,
  Card,
  Grid,
  Group,
  SegmentedControl,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useState, type ReactNode } from 'react';
import { devOutboxApi, type OutboxMessage } from '../api/dev-outbox.api.ts';
import { formatDateTime, formatRelative } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { SearchInput } from '../ui/search-input.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../ui/states.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { devOutboxKeys } from '../modules/dev-outbox/dev-outbox.keys.ts';

const URL_PATTERN = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/g;

/** Plain text with its URLs made clickable. Links to this dashboard stay in the tab. */
function linkify(text: string): ReactNode[] {
  return text.split(URL_PATTERN).map((part, i) => {
    if (i % 2 === 0) return part;
    const sameOrigin = part.startsWith(window.location.origin);
    return (
      <Anchor
        key={i}
        href={part}
        target={sameOrigin ? undefined : '_blank'}
        rel="noreferrer"
        style={{ wordBreak: 'break-all' }}
      >
        {part}
      </Anchor>
    );
  });
}

/** The HTML body, sandboxed: no scripts, no same-origin access; links open at the top level. */
function HtmlBody({ html }: { html: string }) {
  const doc = `<!doctype html><html><head><meta charset="utf-8"><base target="_top"><style>body{font-family:system-ui,sans-serif;font-size:14px;margin:16px;color:#222}</style></head><body>${html}</body></html>`;
  return (
    <iframe
      title="HTML body"
      sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
      srcDoc={doc}
      style={{
        width: '100%',
        height: 460,
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 8,
        background: 'white',
      }}
      data-testid="outbox-html"
    />
  );
}

function MessageView({ id }: { id: string }) {
  const message = useQuery({ queryKey: devOutboxKeys.message(id), queryFn: () => devOutboxApi.get(id) });
  const [view, setView] = useState<'text' | 'html'>('text');
  if (message.isPending) return <LoadingState />;
  if (message.isError) return <ErrorAlert error={message.error} />;
  const m = message.data;
  const hasHtml = Boolean(m.htmlBody);
  const showing = hasHtml && (view === 'html' || !m.textBody) ? 'html' : 'text';
  return (
    <Stack gap="md" data-testid="outbox-message">
      <Stack gap={4}>
        <Text fw={650} fz="lg">
          {m.subject ?? '(no subject)'}
        </Text>
        <Text size="sm" c="dimmed">
          From {m.from} to <b>{m.to}</b> · {formatDateTime(m.createdAt)}
        </Text>
      </Stack>
      {hasHtml && m.textBody && (
        <SegmentedControl
          size="xs"
          w={180}
          value={showing}
          onChange={(v) => setView(v as 'text' | 'html')}
          data={[
            { value: 'text', label: 'Text' },
            { value: 'html', label: 'HTML' },
          ]}
        />
      )}
      {showing === 'html' && m.htmlBody ? (
        <HtmlBody html={m.htmlBody} />
      ) : (
        <Box
          component="pre"
          data-testid="outbox-text"
          style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', fontSize: 14, margin: 0, lineHeight: 1.55 }}
        >
          {linkify(m.textBody ?? '')}
        </Box>
      )}
    </Stack>
  );
}

function MessageRow({ m, active }: { m: OutboxMessage; active: boolean }) {
  const navigate = useNavigate();
  return (
    <UnstyledButton
      onClick={() => void navigate({ to: '/dev/outbox/{-$messageId}', params: { messageId: m.id } })}
      data-testid="outbox-row"
      p="sm"
      style={{
        display: 'block',
        width: '100%',
        borderRadius: 8,
        background: active ? 'var(--mantine-color-indigo-0)' : undefined,
        borderBottom: '1px solid var(--mantine-color-gray-2)',
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={600} truncate>
          {m.to}
        </Text>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }} title={formatDateTime(m.createdAt)}>
          {formatRelative(m.createdAt)}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap">
        <Badge size="xs" variant="light" color="gray" style={{ flexShrink: 0 }}>
          {m.channel}
        </Badge>
        <Text size="sm" truncate>
          {m.subject ?? m.textBody?.slice(0, 80) ?? ''}
        </Text>
      </Group>
    </UnstyledButton>
  );
}

export function DevOutboxPage({ messageId }: { messageId: string | undefined }) {
  const [to, setTo] = useState('');
  const onSearch = useCallback((v: string) => setTo(v), []);
  const list = usePagedList(devOutboxKeys.list(to), (cursor) =>
    devOutboxApi.list({ to: to || undefined, cursor }),
  );

  return (
    <>
      <PageHeader
        title="Dev outbox"
        description="Messages the product would have sent; nothing leaves this machine. You see what your agencies and sub-accounts sent; password resets, only platform administrators."
        actions={<SearchInput placeholder="Filter by recipient" onSearch={onSearch} />}
      />
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card p="xs">
            {list.isPending ? (
              <LoadingState />
            ) : list.items.length === 0 ? (
              <EmptyState title={to ? `Nothing sent to “${to}”` : 'The outbox is empty'}>
                Invitations and other messages your agencies and sub-accounts send appear here. Password
                resets are shown to platform administrators only.
              </EmptyState>
            ) : (
              <Box mah="calc(100vh - 220px)" style={{ overflowY: 'auto' }}>
                {list.items.map((m) => (
                  <MessageRow key={m.id} m={m} active={m.id === messageId} />
                ))}
                <LoadMore
                  hasMore={list.hasNextPage}
                  loading={list.isFetchingNextPage}
                  onLoad={() => void list.fetchNextPage()}
                />
              </Box>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card mih={300}>
            {messageId ? (
              <MessageView key={messageId} id={messageId} />
            ) : (
              <EmptyState title="Pick a message">Choose a message on the left to read it.</EmptyState>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
