import { Autocomplete, Button, Group, NumberInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { contactsApi } from '../../api/contacts.api.ts';
import { opportunitiesApi, type Opportunity } from '../../api/opportunities.api.ts';
import type { Pipeline } from '../../api/pipelines.api.ts';
import { fieldError } from '../../ui/form-error.tsx';
import { FormModal } from '../../ui/form-modal.tsx';
import { displayName } from '../contacts/contact-columns.tsx';
import { useAssignableUsers } from '../contacts/use-crm-lookups.ts';
import { COMMON_CURRENCIES, minorDigits, toMinor } from './money.ts';
import { opportunityKeys } from './opportunity.keys.ts';
import { contactKeys } from '../contacts/contact.keys.ts';

const FIELDS = ['name', 'contactId', 'pipelineId', 'stageId', 'monetaryValue', 'currency', 'assignedUserId'];

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
  error?: string;
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
  const [contact, setContact] = useState<{ id: string; name: string } | null>(null);
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [pipeline, setPipeline] = useState(pipelineId);
  const stages = pipelines.find((p) => p.id === pipeline)?.stages ?? [];
  const [stage, setStage] = useState<string | null>(stageId ?? stages[0]?.id ?? null);
  const [value, setValue] = useState<number | ''>('');
  const [currency, setCurrency] = useState('USD');
  const [assignee, setAssignee] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const code = currency.trim().toUpperCase() || 'USD';
      return opportunitiesApi.create(subAccountId, {
        name: name.trim(),
        contactId: contact?.id ?? '',
        pipelineId: pipeline,
        stageId: stage ?? undefined,
        monetaryValue: value === '' ? 0 : toMinor(value, code),
        currency: code,
        assignedUserId: assignee,
      });
    },
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: opportunityKeys.all(subAccountId) });
      onCreated?.(created);
      onClose();
    },
  });
  const digits = minorDigits(currency.trim().toUpperCase() || 'USD');
  return (
    <FormModal
      onClose={onClose}
      title="New opportunity"
      size="lg"
      onSubmit={() => save.mutate()}
      error={save.error}
      fields={FIELDS}
    >
      <ContactPicker
        subAccountId={subAccountId}
        value={contact}
        onChange={(c) => {
          setContact(c);
          if (c && !nameTouched) setName(c.name);
        }}
        error={fieldError(save.error, 'contactId')}
      />
      <TextInput
        label="Name"
        required
        placeholder="e.g. Website redesign"
        value={name}
        onChange={(e) => {
          setNameTouched(true);
          setName(e.currentTarget.value);
        }}
        error={fieldError(save.error, 'name')}
      />
      <SimpleGrid cols={2}>
        <Select
          label="Pipeline"
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={pipeline}
          onChange={(v) => {
            if (!v) return;
            setPipeline(v);
            setStage(pipelines.find((p) => p.id === v)?.stages[0]?.id ?? null);
          }}
          allowDeselect={false}
          error={fieldError(save.error, 'pipelineId')}
        />
        <Select
          label="Stage"
          data={stages.map((s) => ({ value: s.id, label: s.name }))}
          value={stage}
          onChange={setStage}
          allowDeselect={false}
          error={fieldError(save.error, 'stageId')}
        />
        <NumberInput
          label="Value"
          min={0}
          decimalScale={digits}
          thousandSeparator=","
          value={value}
          onChange={(v) => setValue(v === '' ? '' : Number(v))}
          error={fieldError(save.error, 'monetaryValue')}
        />
        <Autocomplete
          label="Currency"
          data={COMMON_CURRENCIES}
          value={currency}
          onChange={(v) => setCurrency(v.toUpperCase())}
          error={fieldError(save.error, 'currency')}
        />
      </SimpleGrid>
      <Select
        label="Assigned to"
        placeholder="Unassigned"
        data={users.options}
        value={assignee}
        onChange={setAssignee}
        clearable
        searchable
        error={fieldError(save.error, 'assignedUserId')}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!contact || !name.trim()}>
          Create opportunity
        </Button>
      </Group>
    </FormModal>
  );
}
