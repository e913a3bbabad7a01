import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  NavLink,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ContactFilter } from '../../api/contacts.api.ts';
import { smartListsApi, type SmartList } from '../../api/smart-lists.api.ts';
import type { Can } from '../../app/permissions.ts';
import { FormError } from '../../ui/form-error.tsx';
import { showApiErrors } from '../../ui/api-form.ts';
import { ErrorAlert } from '../../ui/states.tsx';
import { smartListKeys } from './contact.keys.ts';

type Values = { name: string; visibility: SmartList['visibility'] };

function SaveSmartListModal({
  subAccountId,
  filter,
  onClose,
  onSaved,
}: {
  subAccountId: string;
  filter: ContactFilter;
  onClose: () => void;
  onSaved: (list: SmartList) => void;
}) {
  const queryClient = useQueryClient();
  // The smart list schema is not importable here (see api/schemas.ts): the API checks the fields.
  const form = useForm<Values>({ initialValues: { name: '', visibility: 'shared' } });
  const save = useMutation({
    mutationFn: (values: Values) =>
      smartListsApi.create(subAccountId, { name: values.name.trim(), filter, visibility: values.visibility }),
    onSuccess: async (list) => {
      await queryClient.invalidateQueries({ queryKey: smartListKeys.list(subAccountId) });
      onSaved(list);
      onClose();
    },
    onError: (error) => showApiErrors(form, error),
  });
  return (
    <Modal opened onClose={onClose} title="Save as smart list">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <FormError error={save.error} fields={['name', 'visibility']} />
          <Text size="sm" c="dimmed">
            Saves the current search and filters. Contacts enter and leave the list as they change.
          </Text>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <SegmentedControl
            {...form.getInputProps('visibility')}
            data={[
              { value: 'shared', label: 'Shared with the team' },
              { value: 'private', label: 'Only me' },
            ]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!form.getValues().name.trim()}>
              Save smart list
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Saved filters of the sub-account: pick one to filter the list, or save the current filter. */
export function SmartListsSidebar({
  subAccountId,
  selectedId,
  onSelect,
  currentFilter,
  canSave,
  can,
}: {
  subAccountId: string;
  selectedId: string | null;
  onSelect: (list: SmartList | null) => void;
  currentFilter: ContactFilter;
  canSave: boolean;
  can: Can;
}) {
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const lists = useQuery({
    queryKey: smartListKeys.list(subAccountId),
    queryFn: () => smartListsApi.list(subAccountId, { limit: 100 }),
    retry: false,
  });
  const remove = useMutation({
    mutationFn: (id: string) => smartListsApi.remove(subAccountId, id),
    onSuccess: async (_v, id) => {
      if (id === selectedId) onSelect(null);
      await queryClient.invalidateQueries({ queryKey: smartListKeys.list(subAccountId) });
    },
  });
  return (
    <Stack gap={4} data-testid="smart-lists">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} px={6}>
        Smart lists
      </Text>
      <NavLink
        label="All contacts"
        active={selectedId === null}
        onClick={() => onSelect(null)}
        variant="light"
        style={{ borderRadius: 6 }}
      />
      {lists.isError && <ErrorAlert error={lists.error} title="Smart lists unavailable" />}
      {lists.data?.items.map((list) => (
        <NavLink
          key={list.id}
          label={list.name}
          active={selectedId === list.id}
          onClick={() => onSelect(list)}
          variant="light"
          style={{ borderRadius: 6 }}
          rightSection={
            <Group gap={2} wrap="nowrap">
              {list.visibility === 'private' && (
                <Badge size="xs" variant="light" color="gray">
                  private
                </Badge>
              )}
              {can('contacts:delete') && (
                <ActionIcon
                  size="xs"
                  variant="subtle"
                  color="gray"
                  aria-label={`Delete smart list ${list.name}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    if (window.confirm(`Delete the smart list "${list.name}"? Contacts are kept.`))
                      remove.mutate(list.id);
                  }}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          }
        />
      ))}
      {can('contacts:create') && (
        <Button
          size="xs"
          variant="subtle"
          mt={4}
          disabled={!canSave}
          onClick={() => setSaving(true)}
          title={canSave ? undefined : 'Set a search or a filter first'}
        >
          Save current filter…
        </Button>
      )}
      {saving && (
        <SaveSmartListModal
          subAccountId={subAccountId}
          filter={currentFilter}
          onClose={() => setSaving(false)}
          onSaved={onSelect}
        />
      )}
    </Stack>
  );
}
