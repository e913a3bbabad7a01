import { Autocomplete, Badge, CloseButton, Group, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { contactsApi, type Contact } from '../../api/contacts.api.ts';
import { ErrorAlert } from '../../ui/states.tsx';
import { useTags } from './use-crm-lookups.ts';
import { contactKeys, tagKeys } from './contact.keys.ts';

/** A contact's tags: remove with ×, add by typing a name (an unknown name creates the tag). */
export function TagsEditor({
  subAccountId,
  contact,
  canEdit,
}: {
  subAccountId: string;
  contact: Contact;
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const { tags } = useTags(subAccountId);
  const [text, setText] = useState('');
  const onSaved = async (updated: Contact) => {
    queryClient.setQueryData(contactKeys.detail(subAccountId, contact.id), updated);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: tagKeys.all(subAccountId) }),
      queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) }),
      queryClient.invalidateQueries({ queryKey: contactKeys.timeline(subAccountId, contact.id) }),
    ]);
  };
  const add = useMutation({
    mutationFn: (name: string) => {
      const existing = tags.find((t) => t.name.toLowerCase() === name.toLowerCase());
      return contactsApi.addTags(
        subAccountId,
        contact.id,
        existing ? { tagIds: [existing.id] } : { names: [name] },
      );
    },
    onSuccess: async (updated) => {
      setText('');
      await onSaved(updated);
    },
  });
  const remove = useMutation({
    mutationFn: (tagId: string) => contactsApi.removeTags(subAccountId, contact.id, [tagId]),
    onSuccess: onSaved,
  });
  const have = new Set(contact.tags.map((t) => t.id));
  const submit = (value: string) => {
    const name = value.trim();
    if (name) add.mutate(name);
  };
  return (
    <Stack gap="xs" data-testid="contact-tags">
      <Group gap={6}>
        {contact.tags.length === 0 && (
          <Badge variant="outline" color="gray">
            No tags
          </Badge>
        )}
        {contact.tags.map((t) => (
          <Badge
            key={t.id}
            variant="light"
            color={t.color ?? 'indigo'}
            tt="none"
            rightSection={
              canEdit ? (
                <CloseButton
                  size="xs"
                  aria-label={`Remove tag ${t.name}`}
                  onClick={() => remove.mutate(t.id)}
                  variant="transparent"
                />
              ) : undefined
            }
          >
            {t.name}
          </Badge>
        ))}
      </Group>
      {canEdit && (
        <Autocomplete
          aria-label="Add a tag"
          placeholder="Add a tag (Enter; a new name creates it)"
          data={tags.filter((t) => !have.has(t.id)).map((t) => t.name)}
          value={text}
          onChange={setText}
          onOptionSubmit={submit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit(text);
            }
          }}
          disabled={add.isPending}
          size="xs"
        />
      )}
      <ErrorAlert error={add.error ?? remove.error} title="Could not change tags" />
    </Stack>
  );
}
