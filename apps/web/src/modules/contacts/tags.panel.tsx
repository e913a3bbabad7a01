import {
  Badge,
  Button,
  ColorInput,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { tagsApi, type TagWithCount } from '../../api/contacts.api.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { createTagBody, updateTagBody } from '../../api/schemas.ts';
import { FormModal } from '../../ui/form-modal.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { contactKeys, tagKeys } from './contact.keys.ts';

type TagValues = { name: string; color: string };
const tagBody = (v: TagValues) => ({ name: v.name.trim(), color: v.color || null });

function TagModal({
  subAccountId,
  tag,
  onClose,
}: {
  subAccountId: string;
  tag: TagWithCount | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<TagValues>({
    initialValues: { name: tag?.name ?? '', color: tag?.color ?? '' },
    validate: validateAs(tag ? updateTagBody : createTagBody, tagBody),
  });
  const save = useMutation({
    mutationFn: (values: TagValues) =>
      tag
        ? tagsApi.update(subAccountId, tag.id, tagBody(values))
        : tagsApi.create(subAccountId, tagBody(values)),
    onError: (error) => showApiErrors(form, error),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: tagKeys.all(subAccountId) }),
        queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) }),
      ]);
      onClose();
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title={tag ? `Rename ${tag.name}` : 'New tag'}
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      error={save.error}
      fields={['name', 'color']}
    >
      <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
      <ColorInput label="Colour" format="hex" {...form.getInputProps('color')} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!form.getValues().name.trim()}>
          Save
        </Button>
      </Group>
    </FormModal>
  );
}

function MergeModal({
  subAccountId,
  tag,
  tags,
  onClose,
}: {
  subAccountId: string;
  tag: TagWithCount;
  tags: TagWithCount[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [into, setInto] = useState<string | null>(null);
  const merge = useMutation({
    mutationFn: () => tagsApi.merge(subAccountId, tag.id, into ?? ''),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: tagKeys.all(subAccountId) }),
        queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) }),
      ]);
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Merge ${tag.name} into…`}>
      <Stack>
        <ErrorAlert error={merge.error} title="Could not merge" />
        <Text size="sm">
          The {tag.contactCount.toLocaleString()} contacts tagged {tag.name} get the other tag instead, and{' '}
          {tag.name} is deleted.
        </Text>
        <Select
          label="Keep this tag"
          data={tags.filter((t) => t.id !== tag.id).map((t) => ({ value: t.id, label: t.name }))}
          value={into}
          onChange={setInto}
          searchable
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => merge.mutate()} disabled={!into} loading={merge.isPending}>
            Merge
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Tags of the sub-account with how many contacts carry each: rename, recolour, merge, delete. */
export function TagsPanel({ subAccountId, can }: { subAccountId: string; can: Can }) {
  const queryClient = useQueryClient();
  const list = usePagedList(tagKeys.settings(subAccountId), (cursor) =>
    tagsApi.list(subAccountId, { cursor, limit: 100 }),
  );
  const [editing, setEditing] = useState<TagWithCount | 'new' | null>(null);
  const [merging, setMerging] = useState<TagWithCount | null>(null);
  const remove = useMutation({
    mutationFn: (t: TagWithCount) => tagsApi.remove(subAccountId, t.id),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tagKeys.all(subAccountId) }),
        queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) }),
      ]),
  });
  return (
    <>
      <Group justify="space-between" mb="md">
        <Text size="sm" c="dimmed">
          Tags label contacts; filters, smart lists and bulk actions use them.
        </Text>
        {can('contacts:create') && <Button onClick={() => setEditing('new')}>New tag</Button>}
      </Group>
      <ErrorAlert error={list.error ?? remove.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <LoadingState />
      ) : list.items.length === 0 ? (
        <EmptyState title="No tags yet">Tags are created here, on a contact, or by an import.</EmptyState>
      ) : (
        <Table data-testid="tags-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tag</Table.Th>
              <Table.Th>Contacts</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((t) => (
              <Table.Tr key={t.id} data-testid="tag-row">
                <Table.Td>
                  <Badge variant="light" color={t.color ?? 'indigo'} tt="none">
                    {t.name}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t.contactCount.toLocaleString()}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    {can('contacts:update') && (
                      <>
                        <Button size="xs" variant="light" onClick={() => setEditing(t)}>
                          Rename
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setMerging(t)}
                          disabled={list.items.length < 2}
                        >
                          Merge
                        </Button>
                      </>
                    )}
                    {can('contacts:delete') && (
                      <ConfirmButton
                        message={`Delete ${t.name}? It is removed from ${t.contactCount.toLocaleString()} contacts.`}
                        confirmLabel="Delete"
                        loading={remove.isPending && remove.variables?.id === t.id}
                        onConfirm={() => remove.mutate(t)}
                      >
                        Delete
                      </ConfirmButton>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
      {editing && (
        <TagModal
          subAccountId={subAccountId}
          tag={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {merging && (
        <MergeModal
          subAccountId={subAccountId}
          tag={merging}
          tags={list.items}
          onClose={() => setMerging(null)}
        />
      )}
    </>
  );
}
