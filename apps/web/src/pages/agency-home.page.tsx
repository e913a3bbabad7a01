import { Alert, Badge, Button, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { agenciesApi, subAccountsApi, type SubAccount, type SubAccountStatus } from '../api/agencies.api.ts';
import { permissionsFor } from '../app/permissions.ts';
import { useMe } from '../app/session.ts';
import { AgencyPipelinesCard } from '../modules/pipelines/agency-pipelines.card.tsx';
import { NewSubAccountModal } from '../modules/sub-accounts/sub-account-form.modal.tsx';
import { formatDate } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { SearchInput } from '../ui/search-input.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../ui/states.tsx';
import { usePagedList } from '../ui/use-paged-list.ts';
import { agencyKeys } from '../modules/agencies/agency.keys.ts';
import { AnchorLink, ButtonLink } from '../ui/links.tsx';

export function AgencyHomePage({ agencyId }: { agencyId: string }) {
  const me = useMe().data;
  const can = permissionsFor(me, { agencyId });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<SubAccountStatus>('active');
  const [creating, { open, close }] = useDisclosure(false);
  const [created, setCreated] = useState<SubAccount | null>(null);
  const onSearch = useCallback((value: string) => setSearch(value), []);

  const agency = useQuery({
    queryKey: agencyKeys.detail(agencyId),
    queryFn: () => agenciesApi.get(agencyId),
  });
  const list = usePagedList(agencyKeys.subAccountList(agencyId, search, status), (cursor) =>
    agenciesApi.subAccounts(agencyId, { search: search || undefined, status, cursor }),
  );

  const toggleArchive = useMutation({
    mutationFn: (s: SubAccount) =>
      s.status === 'archived' ? subAccountsApi.restore(s.id) : subAccountsApi.archive(s.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agencyKeys.subAccounts(agencyId) }),
  });

  const agencyName = agency.data?.name ?? me?.agencies.find((a) => a.id === agencyId)?.name ?? 'Agency';

  return (
    <>
      <PageHeader
        title="Sub-accounts"
        description={`The client businesses ${agencyName} manages.`}
        actions={
          can('sub_accounts:create') && (
            <Button onClick={open} data-testid="new-sub-account">
              New sub-account
            </Button>
          )
        }
      />
      {created && (
        <Alert
          color="teal"
          variant="light"
          mb="md"
          withCloseButton
          onClose={() => setCreated(null)}
          title="Sub-account created"
          data-testid="sub-account-created"
        >
          <Group justify="space-between">
            <Text size="sm">
              <b>{created.name}</b> is ready. Invite its team and set it up.
            </Text>
            <Button
              size="xs"
              color="teal"
              onClick={() =>
                void navigate({ to: '/sub-accounts/$subAccountId', params: { subAccountId: created.id } })
              }
            >
              Open {created.name}
            </Button>
          </Group>
        </Alert>
      )}
      <Card>
        <Group justify="space-between" mb="md" wrap="wrap">
          <SearchInput placeholder="Search by name, email or phone" onSearch={onSearch} />
          <SegmentedControl
            value={status}
            onChange={(v) => setStatus(v as SubAccountStatus)}
            data={[
              { value: 'active', label: 'Active' },
              { value: 'archived', label: 'Archived' },
            ]}
            aria-label="Status filter"
          />
        </Group>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        <ErrorAlert error={toggleArchive.error} title="Could not change the sub-account" />
        {list.isPending ? (
          <LoadingState />
        ) : list.items.length === 0 ? (
          <EmptyState
            title={
              search
                ? 'No sub-account matches your search'
                : status === 'archived'
                  ? 'No archived sub-accounts'
                  : 'No sub-accounts yet'
            }
            action={
              !search &&
              status === 'active' &&
              can('sub_accounts:create') && (
                <Button variant="light" onClick={open}>
                  Create the first one
                </Button>
              )
            }
          >
            {!search && status === 'active'
              ? 'Each client business gets its own sub-account with its own contacts, inbox and settings.'
              : null}
          </EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Contact</Table.Th>
                  <Table.Th>Timezone</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((s) => (
                  <Table.Tr key={s.id} data-testid="sub-account-row">
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <AnchorLink to="/sub-accounts/$subAccountId" params={{ subAccountId: s.id }} fw={500}>
                          {s.name}
                        </AnchorLink>
                        {s.status === 'archived' && (
                          <Badge size="xs" color="gray" variant="light">
                            Archived
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed">
                        {s.defaultCountry}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.email ?? '—'}</Text>
                      <Text size="xs" c="dimmed">
                        {s.phone ?? ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.timezone}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDate(s.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        {can('sub_accounts:delete') && (
                          <Button
                            size="xs"
                            variant="subtle"
                            color={s.status === 'archived' ? 'teal' : 'gray'}
                            loading={toggleArchive.isPending && toggleArchive.variables?.id === s.id}
                            onClick={() => toggleArchive.mutate(s)}
                          >
                            {s.status === 'archived' ? 'Restore' : 'Archive'}
                          </Button>
                        )}
                        {s.status === 'active' && (
                          <ButtonLink
                            size="xs"
                            variant="light"
                            to="/sub-accounts/$subAccountId"
                            params={{ subAccountId: s.id }}
                          >
                            Open
                          </ButtonLink>
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
      </Card>
      {status === 'active' && can('sub_accounts:read') && <AgencyPipelinesCard agencyId={agencyId} />}
      <NewSubAccountModal
        agencyId={agencyId}
        opened={creating}
        onClose={close}
        onCreated={(s) => {
          close();
          setCreated(s);
        }}
      />
    </>
  );
}
