import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import {
  customFieldsApi,
  type CreateCustomFieldInput,
  type CustomField,
  type CustomFieldObjectType,
  type CustomFieldType,
} from '../../api/custom-fields.api.ts';
import type { Can } from '../../app/permissions.ts';
import { humanize } from '../../ui/format.ts';
import { fieldError } from '../../ui/form-error.tsx';
import { FormModal } from '../../ui/form-modal.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { useCustomFields } from '../contacts/use-crm-lookups.ts';
import { customFieldKeys } from './custom-field.keys.ts';

const TYPES: { value: CustomFieldType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'long_text', label: 'Long text' },
  { value: 'number', label: 'Number' },
  { value: 'money', label: 'Money' },
  { value: 'date', label: 'Date' },
  { value: 'datetime', label: 'Date and time' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'single_select', label: 'Single select' },
  { value: 'multi_select', label: 'Multi select' },
  { value: 'phone', label: 'Phone' },
  { value: 'email', label: 'Email' },
  { value: 'url', label: 'URL' },
];
const FIELDS = [
  'name',
  'key',
  'type',
  'options',
  'groupName',
  'position',
  'required',
  'isUnique',
  'filterable',
];

/** "Annual budget" -> "annual_budget", the key the API and CSV mapping use. */
function keyFromName(name: string): string {
  const k = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 63);
  return /^[a-z]/.test(k) ? k : k ? `f_${k}`.slice(0, 63) : '';
}

function CustomFieldModal({
  subAccountId,
  objectType,
  field,
  nextPosition,
  onClose,
}: {
  subAccountId: string;
  objectType: CustomFieldObjectType;
  field: CustomField | null;
  nextPosition: number;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(field?.name ?? '');
  const [key, setKey] = useState(field?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(Boolean(field));
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [options, setOptions] = useState<string[]>(field?.options ?? []);
  const [groupName, setGroupName] = useState(field?.groupName ?? '');
  const [position, setPosition] = useState<number | string>(field?.position ?? nextPosition);
  const [required, setRequired] = useState(field?.required ?? false);
  const [isUnique, setIsUnique] = useState(field?.isUnique ?? false);
  const [filterable, setFilterable] = useState(field?.filterable ?? false);
  const selectType = type === 'single_select' || type === 'multi_select';
  const save = useMutation({
    mutationFn: () => {
      const input: CreateCustomFieldInput = {
        name: name.trim(),
        key: key.trim(),
        type,
        options: selectType ? options : [],
        groupName: groupName.trim() || null,
        position: Number(position) || 0,
        required,
        isUnique,
        filterable,
      };
      return field
        ? customFieldsApi.update(subAccountId, field.id, input)
        : customFieldsApi.create(subAccountId, { ...input, objectType });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: customFieldKeys.all(subAccountId) });
      onClose();
    },
  });
  return (
    <FormModal
      onClose={onClose}
      title={
        field ? `Edit ${field.name}` : objectType === 'contact' ? 'New custom field' : 'New opportunity field'
      }
      size="lg"
      onSubmit={() => save.mutate()}
      error={save.error}
      fields={FIELDS}
    >
      {field && field.type !== type && (
        <Alert color="yellow" variant="light">
          Changing the type converts existing values; the API refuses when a value cannot be converted and
          says which.
        </Alert>
      )}
      <SimpleGrid cols={2}>
        <TextInput
          label="Name"
          required
          data-autofocus
          value={name}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setName(v);
            if (!keyTouched) setKey(keyFromName(v));
          }}
          error={fieldError(save.error, 'name')}
        />
        <TextInput
          label="Key"
          description="Used by the API, imports and filters"
          value={key}
          onChange={(e) => {
            setKeyTouched(true);
            setKey(e.currentTarget.value);
          }}
          error={fieldError(save.error, 'key')}
        />
        <Select
          label="Type"
          data={TYPES}
          value={type}
          onChange={(v) => v && setType(v as CustomFieldType)}
          allowDeselect={false}
          error={fieldError(save.error, 'type')}
        />
        <TextInput
          label="Group"
          placeholder="e.g. Billing"
          value={groupName}
          onChange={(e) => setGroupName(e.currentTarget.value)}
          error={fieldError(save.error, 'groupName')}
        />
      </SimpleGrid>
      {selectType && (
        <TagsInput
          label="Options"
          description="Type an option and press Enter"
          value={options}
          onChange={setOptions}
          error={fieldError(save.error, 'options')}
        />
      )}
      <NumberInput
        label="Order"
        w={120}
        min={0}
        value={position}
        onChange={setPosition}
        allowDecimal={false}
        error={fieldError(save.error, 'position')}
      />
      <Group>
        <Switch label="Required" checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
        <Switch label="Unique" checked={isUnique} onChange={(e) => setIsUnique(e.currentTarget.checked)} />
        <Switch
          label="Filterable (indexed)"
          checked={filterable}
          onChange={(e) => setFilterable(e.currentTarget.checked)}
        />
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!name.trim() || !key.trim()}>
          {field ? 'Save' : 'Create field'}
        </Button>
      </Group>
    </FormModal>
  );
}

/** Deleting asks once; when the field holds values the API answers 409 and we ask again, saying how many. */
function DeleteFieldModal({
  subAccountId,
  field,
  onClose,
}: {
  subAccountId: string;
  field: CustomField;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [inUse, setInUse] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (confirm: boolean) => customFieldsApi.remove(subAccountId, field.id, confirm),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: customFieldKeys.all(subAccountId) });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setInUse(error.problem.detail ?? error.message);
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Delete ${field.name}?`}>
      <Stack>
        {inUse ? (
          <Alert color="red" variant="light" title="This field holds values" data-testid="field-in-use">
            {inUse}
          </Alert>
        ) : (
          <Text size="sm">
            {field.objectType === 'opportunity'
              ? 'The field will disappear from opportunities.'
              : 'The field will disappear from contacts, filters and imports.'}
          </Text>
        )}
        {remove.error && !inUse && <ErrorAlert error={remove.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(inUse !== null)}>
            {inUse ? 'Delete the field and its values' : 'Delete'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CustomFieldsPanel({ subAccountId, can }: { subAccountId: string; can: Can }) {
  const queryClient = useQueryClient();
  const [objectType, setObjectType] = useState<CustomFieldObjectType>('contact');
  const { fields, loading } = useCustomFields(subAccountId, objectType);
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CustomField | null>(null);
  const toggle = useMutation({
    mutationFn: (f: CustomField) => customFieldsApi.update(subAccountId, f.id, { filterable: !f.filterable }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customFieldKeys.all(subAccountId) }),
  });
  return (
    <>
      <Group mb="md">
        <SegmentedControl
          value={objectType}
          onChange={(v) => setObjectType(v as CustomFieldObjectType)}
          data={[
            { value: 'contact', label: 'Contacts' },
            { value: 'opportunity', label: 'Opportunities' },
          ]}
          aria-label="Fields of"
          data-testid="custom-field-object"
        />
      </Group>
      <Group justify="space-between" mb="md">
        <Text size="sm" c="dimmed">
          {objectType === 'contact'
            ? 'Extra fields on contacts. Filterable fields get an index so filters and sorts on them stay fast.'
            : 'Extra fields on opportunities, edited in the opportunity drawer.'}
        </Text>
        {can('settings:create') && (
          <Button onClick={() => setEditing('new')}>
            {objectType === 'contact' ? 'New custom field' : 'New opportunity field'}
          </Button>
        )}
      </Group>
      <ErrorAlert error={toggle.error} title="Could not change the field" />
      {loading ? (
        <LoadingState />
      ) : fields.length === 0 ? (
        <EmptyState title="No custom fields yet">
          {objectType === 'contact'
            ? 'Add fields such as “Plan” or “Annual budget”.'
            : 'Add fields such as “Contract length” or “Competitor”.'}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table data-testid="custom-fields-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Group</Table.Th>
                <Table.Th>Rules</Table.Th>
                <Table.Th>Filterable</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((f) => (
                <Table.Tr key={f.id} data-testid="custom-field-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {f.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {f.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{TYPES.find((t) => t.value === f.type)?.label ?? humanize(f.type)}</Text>
                    {f.options.length > 0 && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {f.options.join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{f.groupName ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {f.required && (
                        <Badge size="xs" variant="light">
                          required
                        </Badge>
                      )}
                      {f.isUnique && (
                        <Badge size="xs" variant="light" color="grape">
                          unique
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Switch
                        aria-label={`Filterable: ${f.name}`}
                        checked={f.filterable}
                        disabled={
                          !can('settings:update') || (toggle.isPending && toggle.variables?.id === f.id)
                        }
                        onChange={() => toggle.mutate(f)}
                      />
                      {f.filterable && !f.indexName && (
                        <Text size="xs" c="dimmed">
                          indexing…
                        </Text>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {can('settings:update') && (
                        <Button size="xs" variant="light" onClick={() => setEditing(f)}>
                          Edit
                        </Button>
                      )}
                      {can('settings:delete') && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(f)}>
                          Delete
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <CustomFieldModal
          subAccountId={subAccountId}
          objectType={objectType}
          field={editing === 'new' ? null : editing}
          nextPosition={fields.reduce((m, f) => Math.max(m, f.position + 1), 0)}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <DeleteFieldModal subAccountId={subAccountId} field={deleting} onClose={() => setDeleting(null)} />
      )}
    </>
  );
}
