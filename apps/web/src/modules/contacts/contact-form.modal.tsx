import { Alert, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
  const [email] = useDebouncedValue(form.values.email.trim(), 400);
  const [phone] = useDebouncedValue(form.values.phone.trim(), 400);
  const duplicates = useQuery({
    queryKey: contactKeys.duplicates(subAccountId, email, phone),
    queryFn: () =>
      contactsApi.duplicates(subAccountId, { ...(email ? { email } : {}), ...(phone ? { phone } : {}) }),
    enabled: email !== '' || phone !== '',
  });
  const matches = email || phone ? (duplicates.data?.matches ?? []) : [];
  const openContact = (contactId: string) => {
    onClose();
    void navigate({
      to: '/sub-accounts/$subAccountId/contacts/$contactId',
      params: { subAccountId, contactId },
    });
  };
  // Once the person has seen who already uses the email or phone, creating is their choice.
  const save = useMutation({
    mutationFn: (values: Values) =>
      contactsApi.create(subAccountId, { ...toBody(values), allowDuplicate: matches.length > 0 }),
    onSuccess: async (contact) => {
      await queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) });
      openContact(contact.id);
    },
    onError: (error) => showApiErrors(form, error),
  });
  // Merging keeps the existing contact: the new one is created, then folded into it.
  const merge = useMutation({
    mutationFn: async ({ values, survivorId }: { values: Values; survivorId: string }) => {
      const created = await contactsApi.create(subAccountId, { ...toBody(values), allowDuplicate: true });
      await contactsApi.mergeInto(subAccountId, survivorId, created.id);
      return survivorId;
    },
    onSuccess: async (survivorId) => {
      await queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) });
      await queryClient.invalidateQueries({ queryKey: contactKeys.detail(subAccountId, survivorId) });
      openContact(survivorId);
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title="New contact"
      size="lg"
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      error={save.error ?? merge.error}
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
      {matches.length > 0 && (
        <Alert
          color="yellow"
          mt="sm"
          title="This may be a contact you already have"
          data-testid="duplicate-warning"
        >
          <Stack gap="xs">
            {matches.map((match) => (
              <Group key={match.id} justify="space-between" wrap="wrap" gap="xs">
                <Text size="sm">
                  {match.fullName || 'A contact without a name'} already uses this {match.matchedBy}
                </Text>
                <Group gap="xs">
                  <Button size="xs" variant="light" onClick={() => openContact(match.id)}>
                    Open contact
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    loading={merge.isPending}
                    onClick={() => {
                      if (!form.validate().hasErrors)
                        merge.mutate({ values: form.getValues(), survivorId: match.id });
                    }}
                  >
                    Merge into it
                  </Button>
                </Group>
              </Group>
            ))}
          </Stack>
        </Alert>
      )}
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending}>
          {matches.length > 0 ? 'Create anyway' : 'Create contact'}
        </Button>
      </Group>
    </FormModal>
  );
}
