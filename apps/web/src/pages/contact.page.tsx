import { Badge, Card, Grid, Group, Stack, Tabs, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { subAccountsApi } from '../api/agencies.api.ts';
import { contactsApi } from '../api/contacts.api.ts';
import { permissionsFor } from '../app/permissions.ts';
import { useMe } from '../app/session.ts';
import { ConsentBadges } from '../modules/contacts/consent-badges.tsx';
import { displayName, StatusBadge } from '../modules/contacts/contact-columns.tsx';
import { ContactDetailsCard } from '../modules/contacts/contact-details.card.tsx';
import { TagsEditor } from '../modules/contacts/tags-editor.tsx';
import { TimelinePanel } from '../modules/contacts/timeline.panel.tsx';
import { useAssignableUsers, useCustomFields } from '../modules/contacts/use-crm-lookups.ts';
import { NotesPanel } from '../modules/notes/notes.panel.tsx';
import { ContactOpportunitiesCard } from '../modules/opportunities/contact-opportunities.card.tsx';
import { TasksPanel } from '../modules/tasks/tasks.panel.tsx';
import { ConfirmButton } from '../ui/confirm-button.tsx';
import { formatDateTime, humanize } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorAlert, LoadingState } from '../ui/states.tsx';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';
import { contactKeys } from '../modules/contacts/contact.keys.ts';
import { AnchorLink } from '../ui/links.tsx';

export function ContactPage({ subAccountId, contactId }: { subAccountId: string; contactId: string }) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId),
    queryFn: () => subAccountsApi.get(subAccountId),
  });
  const can = permissionsFor(me, { agencyId: subAccount.data?.agencyId, subAccountId });
  const contact = useQuery({
    queryKey: contactKeys.detail(subAccountId, contactId),
    queryFn: () => contactsApi.get(subAccountId, contactId),
  });
  const { fields } = useCustomFields(subAccountId);
  const users = useAssignableUsers(subAccountId);
  const remove = useMutation({
    mutationFn: () => contactsApi.remove(subAccountId, contactId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) });
      void navigate({ to: '/sub-accounts/$subAccountId/contacts', params: { subAccountId } });
    },
  });
  const back = (
    <AnchorLink to="/sub-accounts/$subAccountId/contacts" params={{ subAccountId }} size="sm">
      ← Contacts
    </AnchorLink>
  );
  if (contact.isPending) return <LoadingState />;
  if (contact.isError)
    return (
      <Stack>
        {back}
        <ErrorAlert error={contact.error} title="Could not open this contact" />
      </Stack>
    );
  const c = contact.data;
  return (
    <>
      {back}
      <PageHeader
        title={<span data-testid="contact-name">{displayName(c)}</span>}
        description={
          <Group gap="xs" component="span">
            <StatusBadge status={c.status} />
            <Badge variant="outline" color="gray">
              {humanize(c.type)}
            </Badge>
            <Text span size="xs" c="dimmed">
              Created {formatDateTime(c.createdAt)}
            </Text>
          </Group>
        }
        actions={
          can('contacts:delete') && (
            <ConfirmButton
              variant="default"
              size="sm"
              message={`Delete ${displayName(c)}? The contact can be restored.`}
              confirmLabel="Delete"
              loading={remove.isPending}
              onConfirm={() => remove.mutate()}
            >
              Delete
            </ConfirmButton>
          )
        }
      />
      <ErrorAlert error={remove.error} title="Could not delete" />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Card withBorder>
              <Text fw={600} mb="xs">
                Consent
              </Text>
              <ConsentBadges consent={c.consent} />
            </Card>
            <Card withBorder>
              <Text fw={600} mb="xs">
                Tags
              </Text>
              <TagsEditor subAccountId={subAccountId} contact={c} canEdit={can('contacts:update')} />
            </Card>
            {can('opportunities:read') && (
              <ContactOpportunitiesCard subAccountId={subAccountId} contactId={contactId} />
            )}
            <ContactDetailsCard
              key={c.updatedAt}
              subAccountId={subAccountId}
              contact={c}
              customFields={fields}
              users={users.options}
              nameOf={users.nameOf}
              canEdit={can('contacts:update')}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder>
            <Tabs defaultValue="notes" keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="notes">Notes</Tabs.Tab>
                <Tabs.Tab value="tasks">Tasks</Tabs.Tab>
                <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="notes">
                <NotesPanel subAccountId={subAccountId} contactId={contactId} can={can} />
              </Tabs.Panel>
              <Tabs.Panel value="tasks">
                <TasksPanel subAccountId={subAccountId} contactId={contactId} can={can} />
              </Tabs.Panel>
              <Tabs.Panel value="timeline">
                <TimelinePanel subAccountId={subAccountId} contactId={contactId} />
              </Tabs.Panel>
            </Tabs>
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
