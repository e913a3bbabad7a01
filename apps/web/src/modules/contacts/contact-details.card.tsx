import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { contactsApi, type Contact, type UpdateContactInput } from '../../api/contacts.api.ts';
import type { CustomField } from '../../api/custom-fields.api.ts';
import { humanize } from '../../ui/format.ts';
import { FormError } from '../../ui/form-error.tsx';
import { updateContactBody } from '../../api/schemas.ts';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { CustomFieldInput } from '../custom-fields/custom-field-input.tsx';
import { formatCustomValue } from './contact-columns.tsx';
import { CONTACT_STATUSES, CONTACT_TYPES } from './contact-filter.ts';
import { type UserOption } from './use-crm-lookups.ts';
import { contactKeys } from './contact.keys.ts';

const LIFECYCLE = [
  'subscriber',
  'lead',
  'marketing_qualified',
  'sales_qualified',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;

type Draft = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  companyName: string;
  type: Contact['type'];
  status: Contact['status'];
  lifecycleStage: Contact['lifecycleStage'];
  source: string;
  assignedUserId: string | null;
  leadScore: number;
  customFields: Record<string, unknown>;
};

/** Every custom field has a value in the draft (null when empty), so its errors find its input. */
const draftOf = (c: Contact, fields: CustomField[]): Draft => ({
  firstName: c.firstName ?? '',
  lastName: c.lastName ?? '',
  email: c.email ?? '',
  phone: c.phone ?? '',
  companyName: c.companyName ?? '',
  type: c.type,
  status: c.status,
  lifecycleStage: c.lifecycleStage,
  source: c.source ?? '',
  assignedUserId: c.assignedUserId,
  leadScore: c.leadScore,
  customFields: { ...Object.fromEntries(fields.map((f) => [f.key, null])), ...c.customFields },
});

/** Only what changed, so a PATCH never overwrites a field someone else edited meanwhile. */
function changes(before: Contact, d: Draft): UpdateContactInput {
  const out: UpdateContactInput = {};
  const str = (v: string) => (v.trim() === '' ? null : v.trim());
  if (str(d.firstName) !== before.firstName) out.firstName = str(d.firstName);
  if (str(d.lastName) !== before.lastName) out.lastName = str(d.lastName);
  if (str(d.email) !== before.email) out.email = str(d.email);
  if (str(d.phone) !== before.phone) out.phone = str(d.phone);
  if (str(d.companyName) !== before.companyName) out.companyName = str(d.companyName);
  if (d.type !== before.type) out.type = d.type;
  if (d.status !== before.status) out.status = d.status;
  if (d.lifecycleStage !== before.lifecycleStage) out.lifecycleStage = d.lifecycleStage;
  if (str(d.source) !== before.source) out.source = str(d.source);
  if (d.assignedUserId !== before.assignedUserId) out.assignedUserId = d.assignedUserId;
  if (d.leadScore !== before.leadScore) out.leadScore = d.leadScore;
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(d.customFields)) {
    if (JSON.stringify(value ?? null) !== JSON.stringify(before.customFields[key] ?? null))
      custom[key] = value ?? null;
  }
  if (Object.keys(custom).length) out.customFields = custom;
  return out;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      py={5}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
    >
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ta="right" style={{ wordBreak: 'break-word' }}>
        {children === null || children === '' || children === undefined ? '—' : children}
      </Text>
    </Group>
  );
}

/** Key fields and custom fields, read-only until "Edit". */
export function ContactDetailsCard(props: {
  subAccountId: string;
  contact: Contact;
  customFields: CustomField[];
  users: UserOption[];
  nameOf: (id: string | null) => string;
  canEdit: boolean;
}) {
  const { contact, customFields, nameOf, canEdit } = props;
  const [editing, setEditing] = useState(false);
  if (editing) return <ContactDetailsForm {...props} onDone={() => setEditing(false)} />;
  return (
    <Card withBorder data-testid="contact-details">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Details</Text>
        {canEdit && (
          <Button size="xs" variant="default" onClick={() => setEditing(true)}>
            Edit
          </Button>
        )}
      </Group>
      <Row label="Email">{contact.email}</Row>
      <Row label="Phone">{contact.phone}</Row>
      <Row label="Company">{contact.companyName}</Row>
      <Row label="Type">{humanize(contact.type)}</Row>
      <Row label="Lifecycle">{contact.lifecycleStage ? humanize(contact.lifecycleStage) : null}</Row>
      <Row label="Source">{contact.source}</Row>
      <Row label="Assigned to">{nameOf(contact.assignedUserId)}</Row>
      <Row label="Lead score">{contact.leadScore}</Row>
      {contact.aiScore !== null && <Row label="AI score">{contact.aiScore}</Row>}
      {Object.entries(contact.externalIds).map(([system, id]) => (
        <Row key={system} label={`${system.toUpperCase()} id`}>
          {id}
        </Row>
      ))}
      {customFields.length > 0 && (
        <Text size="xs" c="dimmed" tt="uppercase" fw={600} mt="md" mb={4}>
          Custom fields
        </Text>
      )}
      {customFields.map((f) => (
        <Row key={f.id} label={f.name}>
          {formatCustomValue(f, contact.customFields[f.key])}
        </Row>
      ))}
    </Card>
  );
}

/** The edit form: starts from the contact as it is, sends only what changed. */
function ContactDetailsForm({
  subAccountId,
  contact,
  customFields,
  users,
  onDone,
}: {
  subAccountId: string;
  contact: Contact;
  customFields: CustomField[];
  users: UserOption[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  // Checked as the changes it will send: a field left as it was is not sent, so not checked.
  const form = useForm<Draft>({
    initialValues: draftOf(contact, customFields),
    validate: validateAs(updateContactBody, (draft: Draft) => changes(contact, draft)),
  });
  const save = useMutation({
    mutationFn: (input: UpdateContactInput) => contactsApi.update(subAccountId, contact.id, input),
    onSuccess: async (updated) => {
      queryClient.setQueryData(contactKeys.detail(subAccountId, contact.id), updated);
      onDone();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) }),
        queryClient.invalidateQueries({ queryKey: contactKeys.timeline(subAccountId, contact.id) }),
      ]);
    },
    onError: (error) => showApiErrors(form, error),
  });
  const submit = form.onSubmit((draft) => {
    const input = changes(contact, draft);
    if (Object.keys(input).length === 0) onDone();
    else save.mutate(input);
  });

  return (
    <Card withBorder data-testid="contact-details">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text fw={600}>Edit details</Text>
          <FormError
            error={save.error}
            fields={[
              'firstName',
              'lastName',
              'email',
              'phone',
              'companyName',
              'source',
              ...customFields.map((f) => `customFields.${f.key}`),
            ]}
          />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label="First name" {...form.getInputProps('firstName')} />
            <TextInput label="Last name" {...form.getInputProps('lastName')} />
          </SimpleGrid>
          <TextInput label="Email" type="email" {...form.getInputProps('email')} />
          <TextInput label="Phone" {...form.getInputProps('phone')} />
          <TextInput label="Company" {...form.getInputProps('companyName')} />
          <SimpleGrid cols={2} spacing="sm">
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
            <Select
              label="Lifecycle"
              data={LIFECYCLE.map((s) => ({ value: s, label: humanize(s) }))}
              {...form.getInputProps('lifecycleStage')}
              clearable
            />
            <TextInput label="Source" {...form.getInputProps('source')} />
            <Select
              label="Assigned to"
              placeholder="Unassigned"
              data={users}
              {...form.getInputProps('assignedUserId')}
              clearable
              searchable
            />
            <NumberInput
              label="Lead score"
              {...form.getInputProps('leadScore')}
              onChange={(v) => form.setFieldValue('leadScore', typeof v === 'number' ? v : Number(v) || 0)}
              allowDecimal={false}
            />
          </SimpleGrid>
          {customFields.map((f) => (
            <CustomFieldInput
              key={f.id}
              field={f}
              value={form.getValues().customFields[f.key]}
              onChange={(v) => form.setFieldValue(`customFields.${f.key}`, v)}
              error={form.errors[`customFields.${f.key}`]}
            />
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
