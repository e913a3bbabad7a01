import { useQuery } from '@tanstack/react-query';
import { subAccountsApi } from '../api/agencies.api.ts';
import type { Scope } from '../api/scope.ts';
import { SETTINGS_TAB_PERMISSIONS, permissionsFor } from '../app/permissions.ts';
import { useMe } from '../app/session.ts';
import { ApiKeysPanel } from '../modules/access/api-keys.panel.tsx';
import { InvitationsPanel } from '../modules/access/invitations.panel.tsx';
import { RolesPanel } from '../modules/access/roles.panel.tsx';
import { SettingsTabs, type SettingsTab } from '../modules/access/settings-tabs.tsx';
import { UsersPanel } from '../modules/access/users.panel.tsx';
import { AuditLogPanel } from '../modules/audit/audit-log.panel.tsx';
import { TagsPanel } from '../modules/contacts/tags.panel.tsx';
import { CustomFieldsPanel } from '../modules/custom-fields/custom-fields.panel.tsx';
import { TeamMembersPanel } from '../modules/team-members/team-members.panel.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../ui/states.tsx';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';

export function SubAccountSettingsPage({
  subAccountId,
  tab,
  onTabChange,
}: {
  subAccountId: string;
  tab: string | undefined;
  onTabChange: (tab: string) => void;
}) {
  const me = useMe().data;
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId),
    queryFn: () => subAccountsApi.get(subAccountId),
  });
  if (subAccount.isPending || !me) return <LoadingState />;
  if (subAccount.isError)
    return <ErrorAlert error={subAccount.error} title="Could not open this sub-account" />;

  const can = permissionsFor(me, { agencyId: subAccount.data.agencyId, subAccountId });
  const scope: Scope = { kind: 'sub_account', id: subAccountId };
  const tabs: SettingsTab[] = [
    {
      value: 'users',
      label: 'Users',
      render: () => <UsersPanel scope={scope} can={can} currentUserId={me.user.id} />,
    },
    {
      value: 'invitations',
      label: 'Invitations',
      render: () => <InvitationsPanel scope={scope} can={can} />,
    },
    { value: 'roles', label: 'Roles', render: () => <RolesPanel scope={scope} can={can} /> },
    { value: 'api-keys', label: 'API keys', render: () => <ApiKeysPanel scope={scope} can={can} /> },
    {
      value: 'team',
      label: 'Team members',
      render: () => <TeamMembersPanel subAccountId={subAccountId} can={can} />,
    },
    {
      value: 'custom-fields',
      label: 'Custom fields',
      render: () => <CustomFieldsPanel subAccountId={subAccountId} can={can} />,
    },
    { value: 'tags', label: 'Tags', render: () => <TagsPanel subAccountId={subAccountId} can={can} /> },
    { value: 'audit-log', label: 'Audit log', render: () => <AuditLogPanel scope={scope} /> },
  ];
  const visible = tabs.filter((t) => can(SETTINGS_TAB_PERMISSIONS[t.value] ?? ''));

  return (
    <>
      <PageHeader title="Settings" description={subAccount.data.name} />
      {visible.length === 0 ? (
        <EmptyState title="Nothing to manage here">
          Your role does not include any settings of this sub-account.
        </EmptyState>
      ) : (
        <SettingsTabs tabs={visible} current={tab} onChange={onTabChange} />
      )}
    </>
  );
}
