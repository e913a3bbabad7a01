import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import {
  contactsApi,
  type ContactStatus,
  type ContactType,
  type CreateContactInput,
} from '../../api/contacts.api.ts';
import { humanize } from '../../ui/format.ts';
import { createContactBody } from '../../api/schemas.ts';
import { orNull, showApiErrors, validateAs } from '../../ui/api-form.ts';
import { FormModal } from '../../ui/form-modal.tsx';
import { CONTACT_STATUSES, CONTACT_TYPES } from './contact-filter.ts';
import { contactKeys } from './contact.keys.ts';

type Values = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  companyName: string;
  type: ContactType;
  status: ContactStatus;
  source: string;
};
const FIELDS: (keyof Values)[] = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyName',
  'type',
  'status',
  'source',
];

const toBody = (v: Values): CreateContactInput => ({
  firstName: orNull(v.firstName),
  lastName: orNull(v.lastName),
  email: orNull(v.email),
  phone: orNull(v.phone),
  companyName: orNull(v.companyName),
  type: v.type,
  status: v.status,
  source: orNull(v.source),
});

/** A new contact with the key fields, checked by the API's schema; the rest is edited on the contact page. */
export function ContactFormModal({ subAccountId, onClose }: { subAccountId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<Values>({
    initialValues: {
      firstName: '',
      lastName: '',
      email: '',
      phone: '',
      companyName: '',
      type: 'lead',
      status: 'new',
      source: '',
    },
    validate: validateAs(createContactBody, toBody),
  });
  const save = useMutation({
    mutationFn: (values: Values) => contactsApi.create(subAccountId, toBody(values)),
    onSuccess: async (contact) => {
      await queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) });
      onClose();
      void navigate({
        to: '/sub-accounts/$subAccountId/contacts/$contactId',
        params: { subAccountId, contactId: contact.id },
      });
    },
    onError: (error) => showApiErrors(form, error),
  });
  return (
    <FormModal
      onClose={onClose}
      title="New contact"
      size="lg"
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      error={save.error}
      fields={FIELDS}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="First name" data-autofocus {...form.getInputProps('firstName')} />
        <TextInput label="Last name" {...form.getInputProps('lastName')} />
        <TextInput label="Email" type="email" {...form.getInputProps('email')} />
        <TextInput label="Phone" placeholder="+14155550123" {...form.getInputProps('phone')} />
        <TextInput label="Company" {...form.getInputProps('companyName')} />
        <TextInput label="Source" placeholder="Website form" {...form.getInputProps('source')} />
        <Select
          label="Type"
          data={CONTACT_TYPES.map((t) => ({ value: t, label: humanize(t) }))}
          {...form.getInputProps('type')}
          allowDeselect={false}
        />
        <Select
          label="Status"
          data={CONTACT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          {...form.getInputProps('status')}
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
