import { Button, Group, MultiSelect, NumberInput, Select } from '@mantine/core';
import { useCallback } from 'react';
import type { BoardQuery, OpportunityStatus } from '../../api/opportunities.api.ts';
import { SearchInput } from '../../ui/search-input.tsx';
import { useAssignableUsers, useTags } from '../contacts/use-crm-lookups.ts';

export const OPPORTUNITY_STATUSES: { value: OpportunityStatus; label: string; color: string }[] = [
  { value: 'open', label: 'Open', color: 'blue' },
  { value: 'won', label: 'Won', color: 'teal' },
  { value: 'lost', label: 'Lost', color: 'red' },
  { value: 'abandoned', label: 'Abandoned', color: 'gray' },
];

export type OpportunityFilterState = {
  q: string;
  /** A user id, or `unassigned` for opportunities assigned to nobody. */
  assignedUserId: string | null;
  status: OpportunityStatus | null;
  /** In major units (12.50), as typed. */
  minValue: number | '';
  maxValue: number | '';
  tagIds: string[];
};

export const emptyOpportunityFilter: OpportunityFilterState = {
  q: '',
  assignedUserId: null,
  status: null,
  minValue: '',
  maxValue: '',
  tagIds: [],
};

// The value range is typed in major units of a two-decimal currency: the API compares minor units,
// whatever the currency, so the range means the same number for every currency of the board.
const toMinorUnits = (v: number | '') => (v === '' ? undefined : Math.round(v * 100));

/** The filters as the board, column and list endpoints take them. */
export function toOpportunityQuery(state: OpportunityFilterState): BoardQuery {
  return {
    q: state.q || undefined,
    assignedUserId: state.assignedUserId ?? undefined,
    status: state.status ?? undefined,
    minValue: toMinorUnits(state.minValue),
    maxValue: toMinorUnits(state.maxValue),
    tagIds: state.tagIds.length > 0 ? state.tagIds.join(',') : undefined,
  };
}

export function activeOpportunityFilters(state: OpportunityFilterState): number {
  return [
    state.q,
    state.assignedUserId,
    state.status,
    state.minValue !== '' || state.maxValue !== '' ? 'value' : '',
    state.tagIds.length > 0 ? 'tags' : '',
  ].filter(Boolean).length;
}

/** Assignee, status, value range and contact tags, shared by the board and the list. */
export function OpportunityFilterBar({
  subAccountId,
  value,
  onChange,
  anyStatusLabel = 'Any status',
}: {
  subAccountId: string;
  value: OpportunityFilterState;
  onChange: (next: OpportunityFilterState) => void;
  /** What no status filter means: the board shows open cards, the list every status. */
  anyStatusLabel?: string;
}) {
  const users = useAssignableUsers(subAccountId);
  const { tags } = useTags(subAccountId);
  const set = (patch: Partial<OpportunityFilterState>) => onChange({ ...value, ...patch });
  // SearchInput reports on mount and after each pause; only a changed text is a change.
  const onSearch = useCallback(
    (q: string) => {
      if (q !== value.q) onChange({ ...value, q });
    },
    [value, onChange],
  );
  return (
    <Group gap="sm" align="flex-end" data-testid="opportunity-filters">
      <SearchInput placeholder="Search opportunities" onSearch={onSearch} width={220} />
      <Select
        aria-label="Assignee"
        placeholder="Any assignee"
        data={[{ value: 'unassigned', label: 'Unassigned' }, ...users.options]}
        value={value.assignedUserId}
        onChange={(v) => set({ assignedUserId: v })}
        clearable
        searchable
        w={180}
      />
      <Select
        aria-label="Status"
        placeholder={anyStatusLabel}
        data={OPPORTUNITY_STATUSES.map(({ value: v, label }) => ({ value: v, label }))}
        value={value.status}
        onChange={(v) => set({ status: (v as OpportunityStatus | null) ?? null })}
        clearable
        w={140}
      />
      <NumberInput
        aria-label="Minimum value"
        placeholder="Min value"
        min={0}
        decimalScale={2}
        thousandSeparator=","
        value={value.minValue}
        onChange={(v) => set({ minValue: v === '' ? '' : Number(v) })}
        w={120}
      />
      <NumberInput
        aria-label="Maximum value"
        placeholder="Max value"
        min={0}
        decimalScale={2}
        thousandSeparator=","
        value={value.maxValue}
        onChange={(v) => set({ maxValue: v === '' ? '' : Number(v) })}
        w={120}
      />
      <MultiSelect
        aria-label="Contact tags"
        placeholder={value.tagIds.length ? undefined : 'Contact tags'}
        data={tags.map((t) => ({ value: t.id, label: t.name }))}
        value={value.tagIds}
        onChange={(tagIds) => set({ tagIds })}
        searchable
        clearable
        w={200}
      />
      {activeOpportunityFilters(value) > 0 && (
        <Button
          variant="subtle"
          size="sm"
          onClick={() => onChange({ ...emptyOpportunityFilter, q: value.q })}
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}
