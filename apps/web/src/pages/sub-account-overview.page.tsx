import { Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { accessApi } from '../api/access.api.ts';
import { subAccountsApi } from '../api/agencies.api.ts';
import type { Page } from '../api/client.ts';
import { teamMembersApi } from '../api/team-members.api.ts';
import { canSeeSettings, permissionsFor } from '../app/permissions.ts';
import { useMe } from '../app/session.ts';
import { ContactsChartCard } from '../modules/contacts/contacts-chart.card.tsx';
import { EditSubAccountModal } from '../modules/sub-accounts/sub-account-form.modal.tsx';
import { formatDate } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorAlert, LoadingState } from '../ui/states.tsx';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';
import { accessKeys } from '../modules/access/access.keys.ts';
import { teamMemberKeys } from '../modules/team-members/team-member.keys.ts';
import { ButtonLink, CardLink } from '../ui/links.tsx';

const COUNT_PAGE = 100;

function countLabel(page: Page<unknown> | undefined): string {
  if (!page) return '—';
  return page.nextCursor ? `${page.items.length}+` : String(page.items.length);
}

/** A count that opens its settings tab. */
function Stat({
  label,
  value,
  subAccountId,
  tab,
  loading,
}: {
  label: string;
  value: ReactNode;
  subAccountId: string;
  tab: string;
  loading: boolean;
}) {
  return (
    <CardLink
      to="/sub-accounts/$subAccountId/settings/{-$tab}"
      params={{ subAccountId, tab }}
      style={{ textDecoration: 'none' }}
    >
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} mt={4} c={loading ? 'dimmed' : undefined}>
        {loading ? '…' : value}
      </Text>
    </CardLink>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      py={6}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ta="right">
        {children || '—'}
      </Text>
    </Group>
  );
}

export function SubAccountOverviewPage({ subAccountId }: { subAccountId: string }) {
  const me = useMe().data;
  const [editing, setEditing] = useState(false);
  const scope = { kind: 'sub_account', id: subAccountId } as const;
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId),
    queryFn: () => subAccountsApi.get(subAccountId),
  });
  const can = permissionsFor(me, { agencyId: subAccount.data?.agencyId, subAccountId });
  const users = useQuery({
    queryKey: accessKeys.usersCount(scope),
    queryFn: () => accessApi.users(scope),
    enabled: can('users:read'),
  });
  const team = useQuery({
    queryKey: teamMemberKeys.count(subAccountId),
    queryFn: () => teamMembersApi.list(subAccountId, { limit: COUNT_PAGE }),
    enabled: can('team_members:read'),
  });
  const invitations = useQuery({
    queryKey: accessKeys.invitationsCount(scope),
    queryFn: () => accessApi.invitations(scope, { limit: COUNT_PAGE }),
    enabled: can('invitations:read'),
  });
  const apiKeys = useQuery({
    queryKey: accessKeys.apiKeysCount(scope),
    queryFn: () => accessApi.apiKeys(scope, { limit: COUNT_PAGE }),
    enabled: can('api_keys:read'),
  });

  if (subAccount.isPending) return <LoadingState />;
  if (subAccount.isError)
    return <ErrorAlert error={subAccount.error} title="Could not open this sub-account" />;
  const s = subAccount.data;
  const pending = invitations.data?.items.filter((i) => i.status === 'pending').length;
  const activeKeys = apiKeys.data?.items.filter((k) => !k.revokedAt).length;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm">
            <span data-testid="sub-account-name">{s.name}</span>
            {s.status === 'archived' && (
              <Badge color="gray" variant="light">
                Archived
              </Badge>
            )}
          </Group>
        }
        description={`${s.timezone} · ${s.defaultCountry} · created ${formatDate(s.createdAt)}`}
        actions={
          canSeeSettings(can) && (
            <ButtonLink
              variant="default"
              to="/sub-accounts/$subAccountId/settings/{-$tab}"
              params={{ subAccountId }}
            >
              Settings
            </ButtonLink>
          )
        }
      />
      {['users:read', 'team_members:read', 'invitations:read', 'api_keys:read'].some(can) && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="lg">
          {can('users:read') && (
            <Stat
              label="Users"
              value={countLabel(users.data)}
              subAccountId={subAccountId}
              tab="users"
              loading={users.isPending}
            />
          )}
          {can('team_members:read') && (
            <Stat
              label="Team members"
              value={countLabel(team.data)}
              subAccountId={subAccountId}
              tab="team"
              loading={team.isPending}
            />
          )}
          {can('invitations:read') && (
            <Stat
              label="Pending invitations"
              value={pending ?? '—'}
              subAccountId={subAccountId}
              tab="invitations"
              loading={invitations.isPending}
            />
          )}
          {can('api_keys:read') && (
            <Stat
              label="Active API keys"
              value={activeKeys ?? '—'}
              subAccountId={subAccountId}
              tab="api-keys"
              loading={apiKeys.isPending}
            />
          )}
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card>
          <Group justify="space-between" mb="xs">
            <Text fw={600}>Business details</Text>
            {can('settings:update') && (
              <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                Edit details
              </Button>
            )}
          </Group>
          <Stack gap={0}>
            <Detail label="Name">{s.name}</Detail>
            <Detail label="Timezone">{s.timezone}</Detail>
            <Detail label="Default country">{s.defaultCountry}</Detail>
            <Detail label="Email">{s.email}</Detail>
            <Detail label="Phone">{s.phone}</Detail>
            <Detail label="Website">{s.website}</Detail>
          </Stack>
        </Card>
        {can('contacts:read') && <ContactsChartCard subAccountId={subAccountId} />}
      </SimpleGrid>
      {editing && <EditSubAccountModal subAccount={s} onClose={() => setEditing(false)} />}
    </>
  );
}
