import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { contactsApi, type ContactStatus, type ContactType } from '../../api/contacts.api.ts';
import { humanize } from '../../ui/format.ts';
import { fieldError } from '../../ui/form-error.tsx';
import { FormModal } from '../../ui/form-modal.tsx';
import { CONTACT_STATUSES, CONTACT_TYPES } from './contact-filter.ts';
import { contactKeys } from './contact.keys.ts';

const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'companyName', 'type', 'status', 'source'];

/** A new contact with the key fields; the rest is edited on the contact page. */
export function ContactFormModal({ subAccountId, onClose }: { subAccountId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [companyName, setCompanyName] = useState('');
  const [type, setType] = useState<ContactType>('lead');
  const [status, setStatus] = useState<ContactStatus>('new');
  const [source, setSource] = useState('');
  const save = useMutation({
    mutationFn: () =>
      contactsApi.create(subAccountId, {
        firstName: firstName.trim() || null,
        lastName: lastName.trim() || null,
        email: email.trim() || null,
        phone: phone.trim() || null,
        companyName: companyName.trim() || null,
        type,
        status,
        source: source.trim() || null,
      }),
    onSuccess: async (contact) => {
      await queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) });
      onClose();
      void navigate({
        to: '/sub-accounts/$subAccountId/contacts/$contactId',
        params: { subAccountId, contactId: contact.id },
      });
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title="New contact"
      size="lg"
      onSubmit={() => save.mutate()}
      error={save.error}
      fields={FIELDS}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="First name"
          data-autofocus
          value={firstName}
          onChange={(e) => setFirstName(e.currentTarget.value)}
          error={fieldError(save.error, 'firstName')}
        />
        <TextInput
          label="Last name"
          value={lastName}
          onChange={(e) => setLastName(e.currentTarget.value)}
          error={fieldError(save.error, 'lastName')}
        />
        <TextInput
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldError(save.error, 'email')}
        />
        <TextInput
          label="Phone"
          placeholder="+14155550123"
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
          error={fieldError(save.error, 'phone')}
        />
        <TextInput
          label="Company"
          value={companyName}
          onChange={(e) => setCompanyName(e.currentTarget.value)}
          error={fieldError(save.error, 'companyName')}
        />
        <TextInput
          label="Source"
          placeholder="Website form"
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
          error={fieldError(save.error, 'source')}
        />
        <Select
          label="Type"
          data={CONTACT_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
          value={type}
          onChange={(v) => v && setType(v as ContactType)}
          allowDeselect={false}
        />
        <Select
          label="Status"
          data={CONTACT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          value={status}
          onChange={(v) => v && setStatus(v as ContactStatus)}
          allowDeselect={false}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending}>
          Create contact
        </Button>
      </Group>
    </FormModal>
  );
}
