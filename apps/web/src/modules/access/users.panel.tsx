import { Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { accessApi, type Membership } from '../../api/access.api.ts';
import { type Scope } from '../../api/scope.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { formatDate } from '../../ui/format.ts';
import { SearchInput } from '../../ui/search-input.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { assignableRoles, roleOptions, useRoles } from './use-roles.ts';
import { UserPermissionsModal } from './user-permissions.modal.tsx';
import { accessKeys } from './access.keys.ts';

const statusColor: Record<string, string> = { active: 'teal', suspended: 'orange', disabled: 'gray' };

const SHOWN_OVERRIDES = 4;

/** A person's own grants (+) and revocations (−) on top of their role. */
function Overrides({ membership }: { membership: Membership }) {
  const all = [
    ...membership.grantedPermissions.map((p) => ({ p, sign: '+', color: 'teal' })),
    ...membership.revokedPermissions.map((p) => ({ p, sign: '−', color: 'red' })),
  ];
  if (all.length === 0) return null;
  return (
    <Group gap={4} mt={6} data-testid="user-overrides">
      {all.slice(0, SHOWN_OVERRIDES).map(({ p, sign, color }) => (
        <Badge
          key={`${sign}${p}`}
          size="xs"
          variant="light"
          color={color}
          tt="none"
          title={sign === '+' ? 'Granted to this person' : 'Revoked from this person'}
        >
          {sign} {p}
        </Badge>
      ))}
      {all.length > SHOWN_OVERRIDES && (
        <Text size="xs" c="dimmed">
          +{all.length - SHOWN_OVERRIDES} more
        </Text>
      )}
    </Group>
  );
}

export function UsersPanel({ scope, can, currentUserId }: { scope: Scope; can: Can; currentUserId: string }) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [permissionsOf, setPermissionsOf] = useState<Membership | null>(null);
  // Per-person grants and revocations exist for sub-account users only; agency staff get a role.
  const canEditPermissions = scope.kind === 'sub_account' && can('users:update');
  const onSearch = useCallback((v: string) => setSearch(v), []);
  const key = accessKeys.users(scope);
  const list = usePagedList(key, () => accessApi.users(scope));
  const roles = useRoles(scope);
  const options = roleOptions(assignableRoles(roles.data, scope));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: key });

  const changeRole = useMutation({
    mutationFn: ({ m, roleId }: { m: Membership; roleId: string }) =>
      accessApi.updateUser(scope, m.id, { roleId }),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (m: Membership) => accessApi.removeUser(scope, m.id),
    onSuccess: invalidate,
  });

  // The users endpoint has no `search`; memberships per tenant are few, so filter the loaded rows.
  const needle = search.toLowerCase();
  const items = list.items.filter((m) => !needle || `${m.name} ${m.email}`.toLowerCase().includes(needle));

  return (
    <>
      <Group justify="space-between" mb="md">
        <SearchInput placeholder="Search users" onSearch={onSearch} />
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <ErrorAlert error={changeRole.error ?? remove.error} title="The change was refused" />
      {list.isPending ? (
        <LoadingState />
      ) : items.length === 0 ? (
        <EmptyState title={search ? 'No user matches your search' : 'No users yet'}>
          {search ? null : 'Invite people from the Invitations tab.'}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>User</Table.Th>
                <Table.Th w={240}>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Member since</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => {
                const self = m.userId === currentUserId;
                return (
                  <Table.Tr key={m.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {m.name || m.email}{' '}
                        {self && (
                          <Badge size="xs" variant="light">
                            you
                          </Badge>
                        )}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {m.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={0}>
                        {can('users:update') && !self ? (
                          <Select
                            size="xs"
                            aria-label={`Role of ${m.email}`}
                            data={
                              options.some((o) => o.value === m.role.id)
                                ? options
                                : [...options, { value: m.role.id, label: m.role.name }]
                            }
                            value={m.role.id}
                            allowDeselect={false}
                            disabled={changeRole.isPending && changeRole.variables?.m.id === m.id}
                            onChange={(roleId) =>
                              roleId && roleId !== m.role.id && changeRole.mutate({ m, roleId })
                            }
                          />
                        ) : (
                          <Badge variant="light" color="gray">
                            {m.role.name}
                          </Badge>
                        )}
                        <Overrides membership={m} />
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="dot" color={statusColor[m.status] ?? 'gray'}>
                        {m.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(m.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        {canEditPermissions && !self && (
                          <Button size="xs" variant="default" onClick={() => setPermissionsOf(m)}>
                            Permissions
                          </Button>
                        )}
                        {can('users:delete') && !self && (
                          <ConfirmButton
                            message={`Remove ${m.email}? They lose access at once.`}
                            confirmLabel="Remove"
                            loading={remove.isPending && remove.variables?.id === m.id}
                            onConfirm={() => remove.mutate(m)}
                          >
                            Remove
                          </ConfirmButton>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
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
      {permissionsOf && (
        <UserPermissionsModal
          scope={scope}
          membership={permissionsOf}
          onClose={() => setPermissionsOf(null)}
        />
      )}
    </>
  );
}
