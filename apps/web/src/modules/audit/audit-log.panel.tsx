import {
  Badge,
  Code,
  Collapse,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Fragment, useState } from 'react';
import { auditApi, type AuditAction, type AuditLog } from '../../api/audit.api.ts';
import { type Scope } from '../../api/scope.ts';
import { formatDateTime } from '../../ui/format.ts';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { auditKeys } from './audit.keys.ts';

const actionColor: Record<AuditAction, string> = { insert: 'teal', update: 'blue', delete: 'red' };

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Code block style={{ maxHeight: 320, overflow: 'auto', fontSize: 12 }}>
        {value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}
      </Code>
    </Stack>
  );
}

export function AuditLogPanel({ scope }: { scope: Scope }) {
  const [table, setTable] = useState('');
  const [tableName] = useDebouncedValue(table.trim(), 300);
  const [open, setOpen] = useState<string | null>(null);
  const list = usePagedList(auditKeys.list(scope, tableName), (cursor) =>
    auditApi.list(scope, { cursor, tableName: tableName || undefined }),
  );

  const toggle = (entry: AuditLog) => setOpen((current) => (current === entry.id ? null : entry.id));

  return (
    <>
      <Group justify="space-between" mb="md">
        <TextInput
          placeholder="Filter by table, e.g. sub_accounts"
          aria-label="Table name"
          value={table}
          onChange={(e) => setTable(e.currentTarget.value)}
          w={300}
        />
        <Text size="sm" c="dimmed">
          Every change to this {scope.kind === 'agency' ? 'agency' : 'sub-account'}’s data, newest first.
        </Text>
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <LoadingState />
      ) : list.items.length === 0 ? (
        <EmptyState
          title={tableName ? `No changes recorded for “${tableName}”` : 'No changes recorded yet'}
        />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={28} />
                <Table.Th>Time</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Table</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Changed fields</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((entry) => {
                const expanded = open === entry.id;
                return (
                  <Fragment key={entry.id}>
                    <Table.Tr
                      onClick={() => toggle(entry)}
                      style={{ cursor: 'pointer' }}
                      aria-expanded={expanded}
                    >
                      <Table.Td>
                        <UnstyledButton
                          aria-label={expanded ? 'Hide details' : 'Show details'}
                          c="dimmed"
                          fz="xs"
                        >
                          {expanded ? '▾' : '▸'}
                        </UnstyledButton>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(entry.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {entry.actorName ?? (entry.actorUserId ? entry.actorUserId.slice(0, 8) : 'System')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Code>{entry.tableName}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={actionColor[entry.action]}>
                          {entry.action}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={entry.changedFields?.length ? undefined : 'dimmed'} lineClamp={1}>
                          {entry.changedFields?.length ? entry.changedFields.join(', ') : '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                    {expanded && (
                      <Table.Tr>
                        <Table.Td colSpan={6} bg="gray.0">
                          <Collapse expanded>
                            <Text size="xs" c="dimmed" mb="xs">
                              Row {entry.rowId}
                            </Text>
                            <SimpleGrid cols={{ base: 1, md: 2 }}>
                              <Json label="Before" value={entry.oldData} />
                              <Json label="After" value={entry.newData} />
                            </SimpleGrid>
                          </Collapse>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </>
  );
}
