import {
  ActionIcon,
  Button,
  Card,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import type { CustomField } from '../../api/custom-fields.api.ts';
import { humanize } from '../../ui/format.ts';
import {
  CONTACT_STATUSES,
  CONTACT_TYPES,
  type CustomCondition,
  type CustomOperator,
  type ValueKind,
  type FilterState,
  emptyFilter,
} from './contact-filter.ts';
import type { UserOption } from './use-crm-lookups.ts';
import type { Tag } from '../../api/contacts.api.ts';

const COMPARE: { value: CustomOperator; label: string }[] = [
  { value: 'eq', label: '=' },
  { value: 'neq', label: '≠' },
  { value: 'gt', label: '>' },
  { value: 'gte', label: '≥' },
  { value: 'lt', label: '<' },
  { value: 'lte', label: '≤' },
];
const PRESENCE: { value: CustomOperator; label: string }[] = [
  { value: 'is_not_empty', label: 'has a value' },
  { value: 'is_empty', label: 'is empty' },
];

/** Operators offered per custom field type; the API checks them against the definition. */
export function operatorsFor(field: CustomField | undefined): { value: CustomOperator; label: string }[] {
  switch (field?.type) {
    case 'number':
    case 'money':
    case 'date':
    case 'datetime':
      return [...COMPARE, ...PRESENCE];
    case 'boolean':
      return [{ value: 'eq', label: 'is' }, ...PRESENCE];
    case 'multi_select':
      return [{ value: 'contains', label: 'contains' }, ...PRESENCE];
    case 'single_select':
      return [
        { value: 'eq', label: 'is' },
        { value: 'neq', label: 'is not' },
        { value: 'in', label: 'is one of' },
        ...PRESENCE,
      ];
    default:
      return [
        { value: 'eq', label: 'is' },
        { value: 'neq', label: 'is not' },
        { value: 'contains', label: 'contains' },
        ...PRESENCE,
      ];
  }
}

function kindForField(field: CustomField | undefined): ValueKind {
  if (field?.type === 'number' || field?.type === 'money') return 'number';
  if (field?.type === 'boolean') return 'boolean';
  return 'text';
}

function ConditionRow({
  condition,
  fields,
  onChange,
  onRemove,
}: {
  condition: CustomCondition;
  fields: CustomField[];
  onChange: (c: CustomCondition) => void;
  onRemove: () => void;
}) {
  const field = fields.find((f) => f.key === condition.key);
  const ops = operatorsFor(field);
  const valueInput =
    condition.op === 'is_empty' || condition.op === 'is_not_empty' ? null : field?.type === 'boolean' ? (
      <Select
        aria-label="Value"
        data={[
          { value: 'true', label: 'Yes' },
          { value: 'false', label: 'No' },
        ]}
        value={condition.value || null}
        onChange={(v) => onChange({ ...condition, value: v ?? '' })}
        w={140}
      />
    ) : (field?.type === 'single_select' && condition.op !== 'in') || field?.type === 'multi_select' ? (
      <Select
        aria-label="Value"
        data={field.options}
        value={condition.value || null}
        onChange={(v) => onChange({ ...condition, value: v ?? '' })}
        w={180}
        searchable
      />
    ) : field?.type === 'money' ? (
      // Typed as 25.00, compared in the API's minor units (2500).
      <NumberInput
        aria-label="Value"
        decimalScale={2}
        value={condition.value === '' ? '' : Number(condition.value) / 100}
        onChange={(v) =>
          onChange({ ...condition, value: v === '' ? '' : String(Math.round(Number(v) * 100)) })
        }
        w={180}
      />
    ) : (
      <TextInput
        aria-label="Value"
        placeholder={condition.op === 'in' ? 'a, b, c' : undefined}
        type={field?.type === 'date' ? 'date' : field?.type === 'datetime' ? 'datetime-local' : 'text'}
        value={condition.value}
        onChange={(e) => onChange({ ...condition, value: e.currentTarget.value })}
        w={180}
      />
    );
  return (
    <Group gap="xs" wrap="nowrap" data-testid="custom-condition">
      <Select
        aria-label="Custom field"
        placeholder="Field"
        data={fields.map((f) => ({ value: f.key, label: f.name }))}
        value={condition.key || null}
        onChange={(v) =>
          onChange({
            key: v ?? '',
            op: operatorsFor(fields.find((f) => f.key === v))[0]?.value ?? 'eq',
            value: '',
            kind: kindForField(fields.find((f) => f.key === v)),
          })
        }
        w={200}
        searchable
      />
      <Select
        aria-label="Operator"
        data={ops}
        value={condition.op}
        onChange={(v) => onChange({ ...condition, op: (v as CustomOperator | null) ?? 'eq' })}
        w={130}
        allowDeselect={false}
      />
      {valueInput}
      <ActionIcon variant="subtle" color="gray" aria-label="Remove condition" onClick={onRemove}>
        ×
      </ActionIcon>
    </Group>
  );
}

/** The structured filters of the contacts list; edits apply at once (the list refetches). */
export function FilterBuilder({
  value,
  onChange,
  tags,
  users,
  customFields,
}: {
  value: FilterState;
  onChange: (f: FilterState) => void;
  tags: Tag[];
  users: UserOption[];
  customFields: CustomField[];
}) {
  const tagOptions = tags.map((t) => ({ value: t.id, label: t.name }));
  const set = <K extends keyof FilterState>(key: K, v: FilterState[K]) => onChange({ ...value, [key]: v });
  const filterable = customFields.filter((f) => f.filterable);
  return (
    <Card withBorder p="md" data-testid="filter-builder">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <MultiSelect
            label="Status"
            placeholder={value.statuses.length ? undefined : 'Any status'}
            data={CONTACT_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
            value={value.statuses}
            onChange={(v) => set('statuses', v as FilterState['statuses'])}
            clearable
          />
          <MultiSelect
            label="Type"
            placeholder={value.types.length ? undefined : 'Leads and customers'}
            data={CONTACT_TYPES.map((s) => ({ value: s, label: humanize(s) }))}
            value={value.types}
            onChange={(v) => set('types', v as FilterState['types'])}
            clearable
          />
          <TagsInput
            label="Source"
            placeholder={value.sources.length ? undefined : 'Type a source, Enter'}
            value={value.sources}
            onChange={(v) => set('sources', v)}
            clearable
          />
          <Select
            label="Assigned to"
            placeholder="Anyone"
            data={[{ value: 'unassigned', label: 'Unassigned' }, ...users]}
            value={value.assignedUserId}
            onChange={(v) => set('assignedUserId', v)}
            searchable
            clearable
          />
          <MultiSelect
            label="Has any of these tags"
            data={tagOptions}
            value={value.tagsAny}
            onChange={(v) => set('tagsAny', v)}
            searchable
            clearable
          />
          <MultiSelect
            label="Has all of these tags"
            data={tagOptions}
            value={value.tagsAll}
            onChange={(v) => set('tagsAll', v)}
            searchable
            clearable
          />
          <MultiSelect
            label="Has none of these tags"
            data={tagOptions}
            value={value.tagsNone}
            onChange={(v) => set('tagsNone', v)}
            searchable
            clearable
          />
          <TextInput
            label="Created on or after"
            type="date"
            value={value.createdFrom ?? ''}
            onChange={(e) => set('createdFrom', e.currentTarget.value || null)}
          />
          <TextInput
            label="Created on or before"
            type="date"
            value={value.createdTo ?? ''}
            onChange={(e) => set('createdTo', e.currentTarget.value || null)}
          />
        </SimpleGrid>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Custom fields
          </Text>
          {value.custom.map((c, i) => (
            <ConditionRow
              key={i}
              condition={c}
              fields={filterable}
              onChange={(next) =>
                set(
                  'custom',
                  value.custom.map((x, j) => (j === i ? next : x)),
                )
              }
              onRemove={() =>
                set(
                  'custom',
                  value.custom.filter((_, j) => j !== i),
                )
              }
            />
          ))}
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              disabled={filterable.length === 0}
              onClick={() => set('custom', [...value.custom, { key: '', op: 'eq', value: '' }])}
            >
              Add condition
            </Button>
            {filterable.length === 0 && (
              <Text size="xs" c="dimmed">
                Mark custom fields as filterable in Settings to filter on them.
              </Text>
            )}
          </Group>
        </Stack>
        <Group justify="flex-end">
          <Button size="xs" variant="subtle" color="gray" onClick={() => onChange(emptyFilter)}>
            Clear filters
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
