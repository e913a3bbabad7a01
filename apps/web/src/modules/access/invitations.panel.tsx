import { Badge, Button, Card, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { accessApi, type Invitation, type InvitationStatus } from '../../api/access.api.ts';
import { type Scope } from '../../api/scope.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { createInvitationBody } from '../../api/schemas.ts';
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

type Values = { email: string; roleId: string | null };
const toBody = (values: Values) => ({ email: values.email.trim(), roleId: values.roleId ?? '' });

export function InvitationsPanel({ scope, can }: { scope: Scope; can: Can }) {
  const queryClient = useQueryClient();
  const key = accessKeys.invitations(scope);
  const list = usePagedList(key, (cursor) => accessApi.invitations(scope, { cursor }));
  const roles = useRoles(scope);
  const assignable = assignableRoles(roles.data, scope);
  const options = roleOptions(assignable);
  const form = useForm<Values>({
    initialValues: { email: '', roleId: null },
    validate: validateAs(createInvitationBody, toBody),
  });
  const { email, roleId } = form.getValues();
  const [sentTo, setSentTo] = useState<string | null>(null);

  // The everyday role is picked once the roles have loaded (and only while none is chosen).
  const suggested = defaultRoleId(assignable);
  useEffect(() => {
    if (!roleId && suggested) form.setFieldValue('roleId', suggested);
  }, [suggested, roleId]);

  const invite = useMutation({
    mutationFn: (values: Values) => accessApi.invite(scope, toBody(values)),
    onSuccess: async (inv) => {
      setSentTo(inv.email);
      form.setFieldValue('email', '');
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => showApiErrors(form, error),
  });
  const revoke = useMutation({
    mutationFn: (inv: Invitation) => accessApi.revokeInvitation(scope, inv.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  const submit = form.onSubmit((values) => {
    setSentTo(null);
    invite.mutate(values);
  });

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
                {...form.getInputProps('email')}
                style={{ flex: '1 1 260px' }}
              />
              <Select
                aria-label="Role"
                placeholder={roles.isPending ? 'Loading roles…' : 'Role'}
                data={options}
                {...form.getInputProps('roleId')}
                allowDeselect={false}
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
