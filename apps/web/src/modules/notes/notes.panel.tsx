import { Badge, Button, Group, Paper, Stack, Switch, Text, Textarea, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { notesApi, type Note } from '../../api/notes.api.ts';
import { opportunitiesApi } from '../../api/opportunities.api.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { createNoteBody, updateNoteBody } from '../../api/schemas.ts';
import { formatRelative, formatDateTime } from '../../ui/format.ts';
import { Markdown } from '../../ui/markdown.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { noteKeys } from './note.keys.ts';
import { contactKeys } from '../contacts/contact.keys.ts';

type Values = { body: string; pinned: boolean };
const toBody = (v: Values) => ({ body: v.body.trim(), pinned: v.pinned });

function NoteCard({
  note,
  can,
  onPin,
  onDelete,
  onSave,
  busy,
}: {
  note: Note;
  can: Can;
  onPin: () => void;
  onDelete: () => void;
  onSave: (body: string) => Promise<unknown>;
  busy: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const form = useForm({
    initialValues: { body: note.body },
    validate: validateAs(updateNoteBody, (v) => v),
  });
  const body = form.getValues().body;
  return (
    <Paper withBorder p="sm" data-testid="note" bg={note.pinned ? 'yellow.0' : undefined}>
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Group gap={6}>
          <Text size="xs" fw={600}>
            {note.authorName ?? 'Someone'}
          </Text>
          <Tooltip label={formatDateTime(note.createdAt)}>
            <Text size="xs" c="dimmed">
              {formatRelative(note.createdAt)}
            </Text>
          </Tooltip>
          {note.pinned && (
            <Badge size="xs" color="yellow" variant="light">
              Pinned
            </Badge>
          )}
        </Group>
        {can('contacts:update') && (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="subtle" onClick={onPin} loading={busy}>
              {note.pinned ? 'Unpin' : 'Pin'}
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={() => setEditing((e) => !e)}>
              {editing ? 'Cancel' : 'Edit'}
            </Button>
            <ConfirmButton
              size="compact-xs"
              message="Delete this note?"
              confirmLabel="Delete"
              onConfirm={onDelete}
            >
              Delete
            </ConfirmButton>
          </Group>
        )}
      </Group>
      {editing ? (
        <Stack gap="xs">
          <Textarea autosize minRows={3} {...form.getInputProps('body')} />
          <Group justify="flex-end">
            <Button
              size="xs"
              onClick={() =>
                form.onSubmit((values) => void onSave(values.body).then(() => setEditing(false)))()
              }
              disabled={!body.trim()}
            >
              Save
            </Button>
          </Group>
        </Stack>
      ) : (
        <Markdown source={note.body} />
      )}
    </Paper>
  );
}

/**
 * Markdown notes on a contact, pinned first. With `opportunityId`, the notes of that opportunity
 * of the contact: listed and added through the opportunity, changed like any note of the contact.
 */
export function NotesPanel({
  subAccountId,
  contactId,
  opportunityId,
  can,
}: {
  subAccountId: string;
  contactId: string;
  opportunityId?: string;
  can: Can;
}) {
  const queryClient = useQueryClient();
  const key = opportunityId
    ? noteKeys.ofOpportunity(subAccountId, contactId, opportunityId)
    : noteKeys.ofContact(subAccountId, contactId);
  const list = usePagedList(key, (cursor) =>
    opportunityId
      ? opportunitiesApi.notes(subAccountId, opportunityId, { cursor })
      : notesApi.list(subAccountId, contactId, { cursor }),
  );
  const form = useForm<Values>({
    initialValues: { body: '', pinned: false },
    validate: validateAs(createNoteBody, toBody),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: noteKeys.ofContact(subAccountId, contactId) }),
      queryClient.invalidateQueries({ queryKey: contactKeys.timeline(subAccountId, contactId) }),
    ]);
  const create = useMutation({
    mutationFn: (values: Values) =>
      opportunityId
        ? opportunitiesApi.createNote(subAccountId, opportunityId, toBody(values))
        : notesApi.create(subAccountId, contactId, toBody(values)),
    onSuccess: async () => {
      form.reset();
      await refresh();
    },
    onError: (error) => showApiErrors(form, error),
  });
  const update = useMutation({
    mutationFn: (v: { id: string; body?: string; pinned?: boolean }) =>
      notesApi.update(subAccountId, contactId, v.id, { body: v.body, pinned: v.pinned }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => notesApi.remove(subAccountId, contactId, id),
    onSuccess: refresh,
  });
  // Pinned first, then newest, whatever order pages arrived in.
  const notes = [...list.items].sort(
    (a, b) => Number(b.pinned) - Number(a.pinned) || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <Stack gap="sm">
      {can('contacts:update') && (
        <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
          <Stack gap="xs">
            <FormError error={create.error} fields={['body']} />
            <Textarea
              aria-label="New note"
              placeholder="Write a note… (markdown: **bold**, *italic*, - lists, [links](https://…))"
              autosize
              minRows={3}
              {...form.getInputProps('body')}
            />
            <Group justify="space-between">
              <Switch label="Pin to top" {...form.getInputProps('pinned', { type: 'checkbox' })} size="xs" />
              <Button
                type="submit"
                size="xs"
                loading={create.isPending}
                disabled={!form.getValues().body.trim()}
              >
                Add note
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <ErrorAlert error={list.error ?? update.error ?? remove.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <LoadingState />
      ) : notes.length === 0 ? (
        <EmptyState title="No notes yet" />
      ) : (
        notes.map((note) => (
          <NoteCard
            key={note.id}
            note={note}
            can={can}
            busy={update.isPending && update.variables?.id === note.id}
            onPin={() => update.mutate({ id: note.id, pinned: !note.pinned })}
            onSave={(text) => update.mutateAsync({ id: note.id, body: text })}
            onDelete={() => remove.mutate(note.id)}
          />
        ))
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
    </Stack>
  );
}
