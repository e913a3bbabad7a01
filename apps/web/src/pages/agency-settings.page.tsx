import { useQuery } from '@tanstack/react-query';
import { agenciesApi } from '../api/agencies.api.ts';
import type { Scope } from '../api/scope.ts';
import { permissionsFor } from '../app/permissions.ts';
import { useMe } from '../app/session.ts';
import { ApiKeysPanel } from '../modules/access/api-keys.panel.tsx';
import { InvitationsPanel } from '../modules/access/invitations.panel.tsx';
import { RolesPanel } from '../modules/access/roles.panel.tsx';
import { SettingsTabs, type SettingsTab } from '../modules/access/settings-tabs.tsx';
import { UsersPanel } from '../modules/access/users.panel.tsx';
import { AgencyGeneralPanel } from '../modules/agencies/agency-general.panel.tsx';
import { AuditLogPanel } from '../modules/audit/audit-log.panel.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../ui/states.tsx';
import { agencyKeys } from '../modules/agencies/agency.keys.ts';

export function AgencySettingsPage({
  agencyId,
  tab,
  onTabChange,
}: {
  agencyId: string;
  tab: string | undefined;
  onTabChange: (tab: string) => void;
}) {
  const me = useMe().data;
  const can = permissionsFor(me, { agencyId });
  const agency = useQuery({
    queryKey: agencyKeys.detail(agencyId),
    queryFn: () => agenciesApi.get(agencyId),
    enabled: can('agency:read'),
  });
  if (!me) return <LoadingState />;

  const scope: Scope = { kind: 'agency', id: agencyId };
  const tabs: (SettingsTab & { permission: string })[] = [
    {
      value: 'general',
      label: 'General',
      permission: 'agency:read',
      render: () =>
        agency.isPending ? (
          <LoadingState />
        ) : agency.isError ? (
          <ErrorAlert
            error={agency.error}
            title="Could not load the agency"
            onRetry={() => void agency.refetch()}
          />
        ) : (
          <AgencyGeneralPanel agency={agency.data} can={can} />
        ),
    },
    {
      value: 'users',
      label: 'Users',
      permission: 'users:read',
      render: () => <UsersPanel scope={scope} can={can} currentUserId={me.user.id} />,
    },
    {
      value: 'invitations',
      label: 'Invitations',
      permission: 'invitations:read',
      render: () => <InvitationsPanel scope={scope} can={can} />,
    },
    {
      value: 'roles',
      label: 'Roles',
      permission: 'roles:read',
      render: () => <RolesPanel scope={scope} can={can} />,
    },
    {
      value: 'api-keys',
      label: 'API keys',
      permission: 'api_keys:read',
      render: () => <ApiKeysPanel scope={scope} can={can} />,
    },
    {
      value: 'audit-log',
      label: 'Audit log',
      permission: 'audit_logs:read',
      render: () => <AuditLogPanel scope={scope} />,
    },
  ];
  const visible = tabs.filter((t) => can(t.permission));
  const name = agency.data?.name ?? me.agencies.find((a) => a.id === agencyId)?.name ?? '';

  return (
    <>
      <PageHeader title="Agency settings" description={name} />
      {visible.length === 0 ? (
        <EmptyState title="Nothing to manage here">
          Your role does not include any agency settings.
        </EmptyState>
      ) : (
        <SettingsTabs tabs={visible} current={tab} onChange={onTabChange} />
      )}
    </>
  );
}
