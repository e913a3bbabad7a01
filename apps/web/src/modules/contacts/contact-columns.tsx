import { Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Contact } from '../../api/contacts.api.ts';
import type { CustomField } from '../../api/custom-fields.api.ts';
import { formatDate, humanize } from '../../ui/format.ts';
import type { ColumnOption } from '../../ui/column-chooser.tsx';
import { AnchorLink } from '../../ui/links.tsx';

export const STATUS_COLORS: Record<Contact['status'], string> = {
  new: 'blue',
  contacted: 'cyan',
  qualified: 'violet',
  converted: 'teal',
  lost: 'gray',
};

export function displayName(c: Pick<Contact, 'fullName' | 'email' | 'phone'>): string {
  return c.fullName.trim() || c.email || c.phone || 'Unnamed contact';
}

export function StatusBadge({ status }: { status: Contact['status'] }) {
  return (
    <Badge variant="light" color={STATUS_COLORS[status]}>
      {humanize(status)}
    </Badge>
  );
}

export function TagBadges({ tags, max = 3 }: { tags: Contact['tags']; max?: number }) {
  if (tags.length === 0)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={4} wrap="wrap">
      {tags.slice(0, max).map((t) => (
        <Badge key={t.id} size="sm" variant="outline" color={t.color ?? 'gray'} tt="none">
          {t.name}
        </Badge>
      ))}
      {tags.length > max && (
        <Text size="xs" c="dimmed">
          +{tags.length - max}
        </Text>
      )}
    </Group>
  );
}

/** A custom value as text, by the field's type. */
export function formatCustomValue(field: CustomField | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ');
  switch (field?.type) {
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'date':
      return typeof value === 'string' ? formatDate(`${value}T00:00:00`) : String(value);
    case 'datetime':
      return typeof value === 'string' ? new Date(value).toLocaleString() : String(value);
    case 'money':
      // Stored in minor units: 2500 is 25.00.
      return typeof value === 'number'
        ? (value / 100).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
        : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** `minWidth` keeps badges whole when the table is squeezed (the container scrolls instead). */
export type ContactColumn = ColumnOption & {
  render: (c: Contact) => ReactNode;
  minWidth?: number;
  /** The API's sort key, for columns the list can sort on with an index. */
  sort?: string;
};

export function contactColumns(
  subAccountId: string,
  customFields: CustomField[],
  nameOf: (id: string | null) => string,
): ContactColumn[] {
  const builtIn: ContactColumn[] = [
    {
      key: 'name',
      label: 'Name',
      sort: 'fullName',
      render: (c) => (
        <AnchorLink
          to="/sub-accounts/$subAccountId/contacts/$contactId"
          params={{ subAccountId, contactId: c.id }}
          size="sm"
          fw={500}
        >
          {displayName(c)}
        </AnchorLink>
      ),
    },
    { key: 'email', label: 'Email', sort: 'email', render: (c) => c.email ?? '—' },
    { key: 'phone', label: 'Phone', render: (c) => c.phone ?? '—' },
    { key: 'companyName', label: 'Company', render: (c) => c.companyName ?? '—' },
    { key: 'status', label: 'Status', minWidth: 110, render: (c) => <StatusBadge status={c.status} /> },
    { key: 'type', label: 'Type', render: (c) => humanize(c.type) },
    { key: 'source', label: 'Source', render: (c) => c.source ?? '—' },
    { key: 'tags', label: 'Tags', minWidth: 190, render: (c) => <TagBadges tags={c.tags} /> },
    { key: 'assignedUserId', label: 'Assigned to', render: (c) => nameOf(c.assignedUserId) },
    { key: 'leadScore', label: 'Lead score', sort: 'leadScore', render: (c) => c.leadScore },
    {
      key: 'createdAt',
      label: 'Created',
      minWidth: 110,
      sort: 'createdAt',
      render: (c) => formatDate(c.createdAt),
    },
    {
      key: 'updatedAt',
      label: 'Updated',
      minWidth: 110,
      sort: 'updatedAt',
      render: (c) => formatDate(c.updatedAt),
    },
  ];
  const custom: ContactColumn[] = customFields.map((f) => ({
    key: `custom.${f.key}`,
    label: f.name,
    // Only indexed (filterable) fields sort: others would scan the sub-account.
    sort: f.filterable ? `customFields.${f.key}` : undefined,
    render: (c) => formatCustomValue(f, c.customFields[f.key]),
  }));
  return [...builtIn, ...custom];
}

export const DEFAULT_COLUMNS = ['name', 'email', 'phone', 'status', 'tags', 'createdAt'];
