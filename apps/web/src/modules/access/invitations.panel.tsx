import { Badge, Button, Card, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { accessApi, type Invitation, type InvitationStatus } from '../../api/access.api.ts';
import { type Scope } from '../../api/scope.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { FormError, fieldError } from '../../ui/form-error.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { assignableRoles, defaultRoleId, roleOptions, useRoles } from './use-roles.ts';
import { accessKeys } from './access.keys.ts';

const statusColor: Record<InvitationStatus, string> = {
  pending: 'blue',
  accepted: 'teal',
  expired: 'gray',
  revoked: 'red',
};

export function InvitationsPanel({ scope, can }: { scope: Scope; can: Can }) {
  const queryClient = useQueryClient();
  const key = accessKeys.invitations(scope);
  const list = usePagedList(key, (cursor) => accessApi.invitations(scope, { cursor }));
  const roles = useRoles(scope);
  const assignable = assignableRoles(roles.data, scope);
  const options = roleOptions(assignable);
  const [email, setEmail] = useState('');
  const [roleId, setRoleId] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const suggested = defaultRoleId(assignable);
  useEffect(() => {
    if (!roleId && suggested) setRoleId(suggested);
  }, [suggested, roleId]);

  const invite = useMutation({
    mutationFn: () => accessApi.invite(scope, { email: email.trim(), roleId: roleId ?? '' }),
    onSuccess: async (inv) => {
      setSentTo(inv.email);
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (inv: Invitation) => accessApi.revokeInvitation(scope, inv.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSentTo(null);
    invite.mutate();
  };

  return (
    <>
      {can('invitations:create') && (
        <Card bg="gray.0" mb="lg" withBorder={false}>
          <form onSubmit={submit} noValidate>
            <Text fw={600} mb="xs">
              Invite someone
            </Text>
            <Group align="flex-start" wrap="wrap">
              <TextInput
                placeholder="name@company.com"
                aria-label="Email to invite"
                type="email"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldError(invite.error, 'email')}
                style={{ flex: '1 1 260px' }}
              />
              <Select
                aria-label="Role"
                placeholder={roles.isPending ? 'Loading roles…' : 'Role'}
                data={options}
                value={roleId}
                onChange={setRoleId}
                allowDeselect={false}
                error={fieldError(invite.error, 'roleId')}
                w={220}
              />
              <Button type="submit" loading={invite.isPending} disabled={!email.trim() || !roleId}>
                Send invitation
              </Button>
            </Group>
            {invite.error && (
              <div style={{ marginTop: 12 }}>
                <FormError error={invite.error} fields={['email', 'roleId']} />
              </div>
            )}
            {sentTo && (
              <Text size="sm" c="teal.7" mt="sm" data-testid="invitation-sent">
                Invitation sent to {sentTo}.
              </Text>
            )}
          </form>
        </Card>
      )}
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <ErrorAlert error={revoke.error} title="Could not revoke" />
      {list.isPending ? (
        <LoadingState />
      ) : list.items.length === 0 ? (
        <EmptyState title="No invitations yet">
          Invitations you send appear here until they are accepted.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Sent</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((inv) => (
                <Table.Tr key={inv.id} data-testid="invitation-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {inv.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{inv.role.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColor[inv.status]}>
                      {inv.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={formatDateTime(inv.createdAt)}>
                      {formatRelative(inv.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={formatDateTime(inv.expiresAt)}>
                      {inv.status === 'pending' ? formatRelative(inv.expiresAt) : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {inv.status === 'pending' && can('invitations:delete') && (
                      <ConfirmButton
                        message={`Revoke the invitation to ${inv.email}? The link stops working.`}
                        confirmLabel="Revoke"
                        loading={revoke.isPending && revoke.variables?.id === inv.id}
                        onConfirm={() => revoke.mutate(inv)}
                      >
                        Revoke
                      </ConfirmButton>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
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
