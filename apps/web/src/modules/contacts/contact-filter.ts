import type {
  ContactFilter,
  ContactStatus,
  ContactType,
  CustomFieldCondition,
} from '../../api/contacts.api.ts';

export type CustomOperator = CustomFieldCondition['op'];
/**
 * A condition on one custom field as the builder edits it: the value as typed, and how to send
 * it (numbers and money compare as numbers, yes/no fields as booleans, the rest as text).
 */
export type CustomCondition = { key: string; op: CustomOperator; value: string; kind?: ValueKind };
export type ValueKind = 'number' | 'boolean' | 'text';

/** What the filter builder edits; `toApiFilter` turns it into the API's filter language. */
export type FilterState = {
  search: string;
  statuses: ContactStatus[];
  types: ContactType[];
  sources: string[];
  /** A user id, 'unassigned', or null for anyone. */
  assignedUserId: string | null;
  tagsAny: string[];
  tagsAll: string[];
  tagsNone: string[];
  /** Calendar days (YYYY-MM-DD) in the browser's time zone; `createdTo` is inclusive. */
  createdFrom: string | null;
  createdTo: string | null;
  custom: CustomCondition[];
};

export const emptyFilter: FilterState = {
  search: '',
  statuses: [],
  types: [],
  sources: [],
  assignedUserId: null,
  tagsAny: [],
  tagsAll: [],
  tagsNone: [],
  createdFrom: null,
  createdTo: null,
  custom: [],
};

export const CONTACT_STATUSES: ContactStatus[] = ['new', 'contacted', 'qualified', 'converted', 'lost'];
export const CONTACT_TYPES: ContactType[] = ['lead', 'customer'];

/** How many structured filters are set (the search box is counted apart). */
export function activeFilterCount(f: FilterState): number {
  return (
    (f.statuses.length ? 1 : 0) +
    (f.types.length ? 1 : 0) +
    (f.sources.length ? 1 : 0) +
    (f.assignedUserId ? 1 : 0) +
    (f.tagsAny.length ? 1 : 0) +
    (f.tagsAll.length ? 1 : 0) +
    (f.tagsNone.length ? 1 : 0) +
    (f.createdFrom || f.createdTo ? 1 : 0) +
    f.custom.filter((c) => c.key).length
  );
}

const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
// The API's range end is exclusive; the builder's "to" day is inclusive.
const dayAfter = (day: string) => {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
};
const isoDay = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

function conditionValue(c: CustomCondition): CustomFieldCondition['value'] {
  if (c.op === 'is_empty' || c.op === 'is_not_empty') return undefined;
  const one = (v: string) => {
    if (c.kind === 'boolean') return v === 'true';
    if (c.kind === 'number' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
    return v;
  };
  if (c.op === 'in')
    return c.value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
      .map(one);
  return one(c.value);
}

export function toApiFilter(f: FilterState): ContactFilter {
  const out: ContactFilter = {};
  if (f.search.trim()) out.search = f.search.trim();
  if (f.statuses.length) out.status = f.statuses;
  if (f.types.length) out.type = f.types;
  if (f.sources.length) out.source = f.sources;
  if (f.assignedUserId) out.assignedUserId = f.assignedUserId;
  if (f.tagsAny.length || f.tagsAll.length || f.tagsNone.length)
    out.tags = {
      ...(f.tagsAny.length && { any: f.tagsAny }),
      ...(f.tagsAll.length && { all: f.tagsAll }),
      ...(f.tagsNone.length && { none: f.tagsNone }),
    };
  if (f.createdFrom || f.createdTo)
    out.createdAt = {
      ...(f.createdFrom && { from: dayStart(f.createdFrom) }),
      ...(f.createdTo && { to: dayAfter(f.createdTo) }),
    };
  const custom = f.custom.filter((c) => c.key);
  if (custom.length)
    out.customFields = custom.map((c) => ({ key: c.key, op: c.op, value: conditionValue(c) }));
  return out;
}

/** A saved filter (a smart list) back into the builder. */
export function fromApiFilter(filter: ContactFilter): FilterState {
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const to = filter.createdAt?.to;
  return {
    search: filter.search ?? '',
    statuses: list(filter.status),
    types: list(filter.type),
    sources: list(filter.source),
    assignedUserId: filter.assignedUserId ?? null,
    tagsAny: filter.tags?.any ?? [],
    tagsAll: filter.tags?.all ?? [],
    tagsNone: filter.tags?.none ?? [],
    createdFrom: filter.createdAt?.from ? isoDay(filter.createdAt.from) : null,
    createdTo: to ? isoDay(new Date(new Date(to).getTime() - 1).toISOString()) : null,
    custom: (filter.customFields ?? []).map((c) => ({
      key: c.key,
      op: c.op,
      kind: kindOf(Array.isArray(c.value) ? c.value[0] : c.value),
      value: Array.isArray(c.value) ? c.value.join(', ') : c.value === undefined ? '' : String(c.value),
    })),
  };
}

function kindOf(value: unknown): ValueKind {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';
}
