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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ContactFilter } from '../../api/contacts.api.ts';
import { smartListsApi, type SmartList } from '../../api/smart-lists.api.ts';
import type { Can } from '../../app/permissions.ts';
import { FormError, fieldError } from '../../ui/form-error.tsx';
import { ErrorAlert } from '../../ui/states.tsx';
import { smartListKeys } from './contact.keys.ts';

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
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<SmartList['visibility']>('shared');
  const save = useMutation({
    mutationFn: () => smartListsApi.create(subAccountId, { name: name.trim(), filter, visibility }),
    onSuccess: async (list) => {
      await queryClient.invalidateQueries({ queryKey: smartListKeys.list(subAccountId) });
      onSaved(list);
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title="Save as smart list">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={save.error} fields={['name', 'visibility']} />
          <Text size="sm" c="dimmed">
            Saves the current search and filters. Contacts enter and leave the list as they change.
          </Text>
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, 'name')}
          />
          <SegmentedControl
            value={visibility}
            onChange={(v) => setVisibility(v as SmartList['visibility'])}
            data={[
              { value: 'shared', label: 'Shared with the team' },
              { value: 'private', label: 'Only me' },
            ]}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
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
