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
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import {
  customFieldsApi,
  type CustomField,
  type CustomFieldObjectType,
  type CustomFieldType,
  type CreateCustomFieldInput,
} from '../../api/custom-fields.api.ts';
import type { Can } from '../../app/permissions.ts';
import { humanize } from '../../ui/format.ts';
import { createCustomFieldBody, updateCustomFieldBody } from '../../api/schemas.ts';
import { orNull, showApiErrors, validateAs } from '../../ui/api-form.ts';
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
type Values = {
  name: string;
  key: string;
  type: CustomFieldType;
  options: string[];
  groupName: string;
  position: number | string;
  required: boolean;
  isUnique: boolean;
  filterable: boolean;
};
const FIELDS: (keyof Values)[] = [
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
const isSelect = (type: CustomFieldType) => type === 'single_select' || type === 'multi_select';

const toBody = (v: Values): CreateCustomFieldInput => ({
  name: v.name.trim(),
  key: v.key.trim(),
  type: v.type,
  options: isSelect(v.type) ? v.options : [],
  groupName: orNull(v.groupName),
  position: Number(v.position) || 0,
  required: v.required,
  isUnique: v.isUnique,
  filterable: v.filterable,
});

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
  const form = useForm<Values>({
    validate: validateAs(field ? updateCustomFieldBody : createCustomFieldBody, toBody),
    initialValues: {
      name: field?.name ?? '',
      key: field?.key ?? '',
      type: field?.type ?? 'text',
      options: field?.options ?? [],
      groupName: field?.groupName ?? '',
      position: field?.position ?? nextPosition,
      required: field?.required ?? false,
      isUnique: field?.isUnique ?? false,
      filterable: field?.filterable ?? false,
    },
  });
  // The key follows the name until someone types a key of their own.
  const [keyTouched, setKeyTouched] = useState(Boolean(field));
  const { name, key, type } = form.getValues();
  const save = useMutation({
    mutationFn: (values: Values) => {
      const input = toBody(values);
      return field
        ? customFieldsApi.update(subAccountId, field.id, input)
        : customFieldsApi.create(subAccountId, { ...input, objectType });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: customFieldKeys.all(subAccountId) });
      onClose();
    },
    onError: (error) => showApiErrors(form, error),
  });
  return (
    <FormModal
      onClose={onClose}
      title={
        field ? `Edit ${field.name}` : objectType === 'contact' ? 'New custom field' : 'New opportunity field'
      }
      size="lg"
      onSubmit={form.onSubmit((values) => save.mutate(values))}
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
          {...form.getInputProps('name')}
          onChange={(e) => {
            const v = e.currentTarget.value;
            form.setFieldValue('name', v);
            if (!keyTouched) form.setFieldValue('key', keyFromName(v));
          }}
        />
        <TextInput
          label="Key"
          description="Used by the API, imports and filters"
          {...form.getInputProps('key')}
          onChange={(e) => {
            setKeyTouched(true);
            form.setFieldValue('key', e.currentTarget.value);
          }}
        />
        <Select label="Type" data={TYPES} {...form.getInputProps('type')} allowDeselect={false} />
        <TextInput label="Group" placeholder="e.g. Billing" {...form.getInputProps('groupName')} />
      </SimpleGrid>
      {isSelect(type) && (
        <TagsInput
          label="Options"
          description="Type an option and press Enter"
          {...form.getInputProps('options')}
        />
      )}
      <NumberInput label="Order" w={120} min={0} {...form.getInputProps('position')} allowDecimal={false} />
      <Group>
        <Switch label="Required" {...form.getInputProps('required', { type: 'checkbox' })} />
        <Switch label="Unique" {...form.getInputProps('isUnique', { type: 'checkbox' })} />
        <Switch label="Filterable (indexed)" {...form.getInputProps('filterable', { type: 'checkbox' })} />
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
