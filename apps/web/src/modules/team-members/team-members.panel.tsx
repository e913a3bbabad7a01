import {
  Badge,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import {
  teamMembersApi,
  type CommissionType,
  type TeamMember,
  type TeamMemberInput,
} from '../../api/team-members.api.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { orNull, showApiErrors, validateAs } from '../../ui/api-form.ts';
import { createTeamMemberBody, updateTeamMemberBody } from '../../api/schemas.ts';
import { FormModal } from '../../ui/form-modal.tsx';
import { SearchInput } from '../../ui/search-input.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { teamMemberKeys } from './team-member.keys.ts';

type Values = {
  name: string;
  email: string;
  phone: string;
  title: string;
  commissionType: CommissionType;
  /** Percent, as typed (12.5); the API takes basis points. */
  rate: number | string;
  /** Major units, as typed (25.00); the API takes minor units. */
  amount: number | string;
  currency: string;
};
const FIELDS: (keyof Values)[] = [
  'name',
  'email',
  'phone',
  'title',
  'commissionType',
  'rate',
  'amount',
  'currency',
];
const RENAMED = { commissionRateBps: 'rate', commissionFixedMinor: 'amount' };

const valuesOf = (member: TeamMember | null): Values => ({
  name: member?.name ?? '',
  email: member?.email ?? '',
  phone: member?.phone ?? '',
  title: member?.title ?? '',
  commissionType: member?.commissionType ?? 'none',
  rate: member?.commissionRateBps != null ? member.commissionRateBps / 100 : '',
  amount: member?.commissionFixedMinor != null ? member.commissionFixedMinor / 100 : '',
  currency: member?.currency ?? 'USD',
});

const toBody = (v: Values): TeamMemberInput => ({
  name: v.name.trim(),
  email: orNull(v.email),
  phone: orNull(v.phone),
  title: orNull(v.title),
  commissionType: v.commissionType,
  commissionRateBps:
    v.commissionType === 'percentage' && v.rate !== '' ? Math.round(Number(v.rate) * 100) : null,
  commissionFixedMinor:
    v.commissionType === 'fixed' && v.amount !== '' ? Math.round(Number(v.amount) * 100) : null,
  currency: v.commissionType === 'fixed' ? v.currency.trim().toUpperCase() || null : null,
});

export function commissionLabel(m: TeamMember): string {
  if (m.commissionType === 'percentage' && m.commissionRateBps !== null)
    return `${m.commissionRateBps / 100}%`;
  if (m.commissionType === 'fixed' && m.commissionFixedMinor !== null) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: m.currency ?? 'USD' }).format(
        m.commissionFixedMinor / 100,
      );
    } catch {
      return `${(m.commissionFixedMinor / 100).toFixed(2)} ${m.currency ?? ''}`;
    }
  }
  return 'None';
}

function TeamMemberModal({
  subAccountId,
  member,
  onClose,
}: {
  subAccountId: string;
  member: TeamMember | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: valuesOf(member),
    validate: validateAs(member ? updateTeamMemberBody : createTeamMemberBody, toBody, RENAMED),
  });
  const { name, commissionType: type } = form.getValues();

  const save = useMutation({
    mutationFn: (values: Values) =>
      member
        ? teamMembersApi.update(subAccountId, member.id, toBody(values))
        : teamMembersApi.create(subAccountId, toBody(values)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: teamMemberKeys.all(subAccountId) });
      onClose();
    },
    onError: (error) => showApiErrors(form, error, RENAMED),
  });

  return (
    <FormModal
      onClose={onClose}
      title={member ? `Edit ${member.name}` : 'Add team member'}
      size="lg"
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      error={save.error}
      fields={FIELDS}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label="Title" placeholder="Sales rep" {...form.getInputProps('title')} />
        <TextInput label="Email" type="email" {...form.getInputProps('email')} />
        <TextInput label="Phone" placeholder="+14155550123" {...form.getInputProps('phone')} />
      </SimpleGrid>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          Commission
        </Text>
        <SegmentedControl
          {...form.getInputProps('commissionType')}
          data={[
            { value: 'none', label: 'None' },
            { value: 'percentage', label: 'Percentage' },
            { value: 'fixed', label: 'Fixed amount' },
          ]}
        />
        {form.errors.commissionType && (
          <Text c="red" size="xs">
            {form.errors.commissionType}
          </Text>
        )}
      </Stack>
      {type === 'percentage' && (
        <NumberInput
          label="Rate"
          description="Share of each sale"
          suffix=" %"
          min={0}
          max={100}
          decimalScale={2}
          {...form.getInputProps('rate')}
          w={200}
        />
      )}
      {type === 'fixed' && (
        <Group align="flex-start">
          <NumberInput
            label="Amount per sale"
            min={0}
            decimalScale={2}
            fixedDecimalScale
            {...form.getInputProps('amount')}
            w={200}
          />
          <TextInput
            label="Currency"
            maxLength={3}
            {...form.getInputProps('currency')}
            onChange={(e) => form.setFieldValue('currency', e.currentTarget.value.toUpperCase())}
            w={100}
          />
        </Group>
      )}
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
          {member ? 'Save' : 'Add team member'}
        </Button>
      </Group>
    </FormModal>
  );
}

export function TeamMembersPanel({ subAccountId, can }: { subAccountId: string; can: Can }) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const onSearch = useCallback((v: string) => setSearch(v), []);
  // The team-members endpoint has no `search`; teams are small, so filter the loaded rows.
  const list = usePagedList(teamMemberKeys.all(subAccountId), (cursor) =>
    teamMembersApi.list(subAccountId, { cursor }),
  );
  const [editing, setEditing] = useState<TeamMember | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (m: TeamMember) => teamMembersApi.remove(subAccountId, m.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamMemberKeys.all(subAccountId) }),
  });

  const needle = search.toLowerCase();
  const items = list.items.filter(
    (m) => !needle || `${m.name} ${m.email ?? ''} ${m.title ?? ''}`.toLowerCase().includes(needle),
  );

  return (
    <>
      <Group justify="space-between" mb="md">
        <SearchInput placeholder="Search team members" onSearch={onSearch} />
        {can('team_members:create') && <Button onClick={() => setEditing('new')}>Add team member</Button>}
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <ErrorAlert error={remove.error} title="Could not remove the team member" />
      {list.isPending ? (
        <LoadingState />
      ) : items.length === 0 ? (
        <EmptyState title={search ? 'No team member matches your search' : 'No team members yet'}>
          {search
            ? null
            : 'Team members are the people who own contacts, take appointments and earn commissions.'}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Commission</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {m.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.title ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.email ?? '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {m.phone ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{commissionLabel(m)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={m.status === 'active' ? 'teal' : 'gray'}>
                      {m.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {can('team_members:update') && (
                        <Button size="xs" variant="light" onClick={() => setEditing(m)}>
                          Edit
                        </Button>
                      )}
                      {can('team_members:delete') && (
                        <ConfirmButton
                          message={`Remove ${m.name} from the team?`}
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
      {editing && (
        <TeamMemberModal
          subAccountId={subAccountId}
          member={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
