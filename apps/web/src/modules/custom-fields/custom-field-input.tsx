import { Checkbox, MultiSelect, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CustomField } from '../../api/custom-fields.api.ts';

/** The input for one custom field, by its type; `null` clears the value. */
export function CustomFieldInput({
  field,
  value,
  onChange,
  error,
}: {
  field: CustomField;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: ReactNode;
}) {
  const common = { label: field.name, required: field.required, error, 'data-field-key': field.key };
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  switch (field.type) {
    case 'long_text':
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value || null)}
        />
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(v === '' ? null : Number(v))}
        />
      );
    case 'money':
      // The API keeps money as whole minor units (2500 = 25.00); people type 25.00.
      return (
        <NumberInput
          {...common}
          decimalScale={2}
          fixedDecimalScale
          value={typeof value === 'number' ? value / 100 : ''}
          onChange={(v) => onChange(v === '' ? null : Math.round(Number(v) * 100))}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={text}
          onChange={(e) => onChange(e.currentTarget.value || null)}
        />
      );
    case 'datetime': {
      // datetime-local works in local time without a zone; the API stores an ISO instant.
      const local = text ? toLocalInput(text) : '';
      return (
        <TextInput
          {...common}
          type="datetime-local"
          value={local}
          onChange={(e) =>
            onChange(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : null)
          }
        />
      );
    }
    case 'boolean':
      return (
        <Checkbox
          label={field.name}
          error={error}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          mt="xs"
        />
      );
    case 'single_select':
      return (
        <Select
          {...common}
          data={field.options}
          value={text || null}
          onChange={(v) => onChange(v)}
          clearable
          searchable
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          {...common}
          data={field.options}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={(v) => onChange(v.length ? v : null)}
          clearable
          searchable
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : 'text'}
          placeholder={
            field.type === 'phone' ? '+14155550123' : field.type === 'url' ? 'https://' : undefined
          }
          value={text}
          onChange={(e) => onChange(e.currentTarget.value || null)}
        />
      );
  }
}

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
