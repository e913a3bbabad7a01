import { Autocomplete, Button, Group, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { contactsApi } from '../../api/contacts.api.ts';
import {
  opportunitiesApi,
  type CreateOpportunityInput,
  type Opportunity,
} from '../../api/opportunities.api.ts';
import type { Pipeline } from '../../api/pipelines.api.ts';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { FormModal } from '../../ui/form-modal.tsx';
import { displayName } from '../contacts/contact-columns.tsx';
import { useAssignableUsers } from '../contacts/use-crm-lookups.ts';
import { createOpportunityBody, minorDigits, toMinor } from '../../api/schemas.ts';
import { COMMON_CURRENCIES } from './money.ts';
import { opportunityKeys } from './opportunity.keys.ts';
import { contactKeys } from '../contacts/contact.keys.ts';

type ContactRef = { id: string; name: string };
/** `monetaryValue` in major units as typed (25.00); the API takes minor units. */
type Values = {
  contact: ContactRef | null;
  name: string;
  pipelineId: string;
  stageId: string | null;
  monetaryValue: number | '';
  currency: string;
  assignedUserId: string | null;
};
const FIELDS: (keyof Values)[] = [
  'name',
  'contact',
  'pipelineId',
  'stageId',
  'monetaryValue',
  'currency',
  'assignedUserId',
];
const RENAMED = { contactId: 'contact' };

const currencyOf = (v: Values) => v.currency.trim().toUpperCase() || 'USD';
const toBody = (v: Values): CreateOpportunityInput => ({
  name: v.name.trim(),
  contactId: v.contact?.id ?? '',
  pipelineId: v.pipelineId,
  stageId: v.stageId ?? undefined,
  monetaryValue: v.monetaryValue === '' ? 0 : toMinor(v.monetaryValue, currencyOf(v)),
  currency: currencyOf(v),
  assignedUserId: v.assignedUserId,
});

/** A contact picker that searches the sub-account's contacts as you type. */
function ContactPicker({
  subAccountId,
  value,
  onChange,
  error,
}: {
  subAccountId: string;
  value: { id: string; name: string } | null;
  onChange: (contact: { id: string; name: string } | null) => void;
  error?: ReactNode;
}) {
  const [search, setSearch] = useState(value?.name ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const query = useQuery({
    queryKey: contactKeys.picker(subAccountId, debounced),
    queryFn: () =>
      contactsApi.search(subAccountId, { filter: debounced ? { search: debounced } : {}, limit: 10 }),
    placeholderData: keepPreviousData,
  });
  const options = (query.data?.items ?? []).map((c) => ({
    value: c.id,
    label: [displayName(c), c.email && c.email !== displayName(c) ? c.email : null]
      .filter(Boolean)
      .join(' · '),
    name: displayName(c),
  }));
  // Keep the chosen contact selectable while the search shows others.
  if (value && !options.some((o) => o.value === value.id))
    options.unshift({ value: value.id, label: value.name, name: value.name });
  return (
    <Select
      label="Contact"
      required
      placeholder="Search contacts by name, email or phone"
      searchable
      data={options.map(({ value: v, label }) => ({ value: v, label }))}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id) => {
        const picked = options.find((o) => o.value === id);
        onChange(picked ? { id: picked.value, name: picked.name } : null);
      }}
      filter={({ options: all }) => all}
      nothingFoundMessage={query.isFetching ? 'Searching…' : 'No contact matches'}
      error={error}
      data-autofocus
    />
  );
}

/** A new opportunity for a contact, in a pipeline and stage (the board's column when started there). */
export function OpportunityFormModal({
  subAccountId,
  pipelines,
  pipelineId,
  stageId,
  onClose,
  onCreated,
}: {
  subAccountId: string;
  pipelines: Pipeline[];
  pipelineId: string;
  stageId?: string;
  onClose: () => void;
  onCreated?: (o: Opportunity) => void;
}) {
  const queryClient = useQueryClient();
  const users = useAssignableUsers(subAccountId);
  const form = useForm<Values>({
    validate: validateAs(createOpportunityBody, toBody, RENAMED),
    initialValues: {
      contact: null,
      name: '',
      pipelineId,
      stageId: stageId ?? pipelines.find((p) => p.id === pipelineId)?.stages[0]?.id ?? null,
      monetaryValue: '',
      currency: 'USD',
      assignedUserId: null,
    },
  });
  // The name follows the contact until someone types one.
  const [nameTouched, setNameTouched] = useState(false);
  const values = form.getValues();
  const stages = pipelines.find((p) => p.id === values.pipelineId)?.stages ?? [];
  const save = useMutation({
    mutationFn: (v: Values) => opportunitiesApi.create(subAccountId, toBody(v)),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: opportunityKeys.all(subAccountId) });
      onCreated?.(created);
      onClose();
    },
    onError: (error) => showApiErrors(form, error, RENAMED),
  });
  const digits = minorDigits(currencyOf(values));
  return (
    <FormModal
      onClose={onClose}
      title="New opportunity"
      size="lg"
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      error={save.error}
      fields={FIELDS}
    >
      <ContactPicker
        subAccountId={subAccountId}
        value={values.contact}
        onChange={(c) => {
          form.setFieldValue('contact', c);
          if (c && !nameTouched) form.setFieldValue('name', c.name);
        }}
        error={form.errors.contact}
      />
      <TextInput
        label="Name"
        required
        placeholder="e.g. Website redesign"
        {...form.getInputProps('name')}
        onChange={(e) => {
          setNameTouched(true);
          form.setFieldValue('name', e.currentTarget.value);
        }}
      />
      <SimpleGrid cols={2}>
        <Select
          label="Pipeline"
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          {...form.getInputProps('pipelineId')}
          onChange={(v) => {
            if (!v) return;
            form.setFieldValue('pipelineId', v);
            form.setFieldValue('stageId', pipelines.find((p) => p.id === v)?.stages[0]?.id ?? null);
          }}
          allowDeselect={false}
        />
        <Select
          label="Stage"
          data={stages.map((s) => ({ value: s.id, label: s.name }))}
          {...form.getInputProps('stageId')}
          allowDeselect={false}
        />
        <NumberInput
          label="Value"
          min={0}
          decimalScale={digits}
          thousandSeparator=","
          {...form.getInputProps('monetaryValue')}
          onChange={(v) => form.setFieldValue('monetaryValue', v === '' ? '' : Number(v))}
        />
        <Autocomplete
          label="Currency"
          data={COMMON_CURRENCIES}
          {...form.getInputProps('currency')}
          onChange={(v) => form.setFieldValue('currency', v.toUpperCase())}
        />
      </SimpleGrid>
      <Select
        label="Assigned to"
        placeholder="Unassigned"
        data={users.options}
        {...form.getInputProps('assignedUserId')}
        clearable
        searchable
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!values.contact || !values.name.trim()}>
          Create opportunity
        </Button>
      </Group>
    </FormModal>
  );
}
