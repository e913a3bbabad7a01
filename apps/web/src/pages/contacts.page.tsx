import {
  Badge,
  Box,
  Button,
  Checkbox,
  Flex,
  Group,
  Indicator,
  Paper,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { subAccountsApi } from '../api/agencies.api.ts';
import { contactsApi } from '../api/contacts.api.ts';
import { smartListFilter, type SmartList } from '../api/smart-lists.api.ts';
import { permissionsFor } from '../app/permissions.ts';
import { useMe } from '../app/session.ts';
import { BulkActionsBar, type Selection } from '../modules/contacts/bulk-actions.tsx';
import { contactColumns, DEFAULT_COLUMNS } from '../modules/contacts/contact-columns.tsx';
import {
  activeFilterCount,
  emptyFilter,
  fromApiFilter,
  toApiFilter,
  type FilterState,
} from '../modules/contacts/contact-filter.ts';
import { ContactFormModal } from '../modules/contacts/contact-form.modal.tsx';
import { ExportModal } from '../modules/contacts/export.modal.tsx';
import { FilterBuilder } from '../modules/contacts/filter-builder.tsx';
import { SmartListsSidebar } from '../modules/contacts/smart-lists.sidebar.tsx';
import { useAssignableUsers, useCustomFields, useTags } from '../modules/contacts/use-crm-lookups.ts';
import { ColumnChooser } from '../ui/column-chooser.tsx';
import { PageHeader } from '../ui/page-header.tsx';
import { SearchInput } from '../ui/search-input.tsx';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../ui/states.tsx';
import { useLocalStorage } from '../ui/use-local-storage.ts';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';
import { contactKeys } from '../modules/contacts/contact.keys.ts';
import { ButtonLink } from '../ui/links.tsx';

const PAGE_SIZE = 50;

export function ContactsPage({ subAccountId }: { subAccountId: string }) {
  const me = useMe().data;
  const subAccount = useQuery({
    queryKey: subAccountKeys.detail(subAccountId),
    queryFn: () => subAccountsApi.get(subAccountId),
  });
  const can = permissionsFor(me, { agencyId: subAccount.data?.agencyId, subAccountId });
  const [filter, setFilter] = useState<FilterState>(emptyFilter);
  const [showFilters, setShowFilters] = useState(false);
  const [smartList, setSmartList] = useState<SmartList | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [sort, setSort] = useState('-createdAt');
  const [shown, setShown] = useLocalStorage<string[]>('openlevel.contacts.columns', DEFAULT_COLUMNS);

  const { tags } = useTags(subAccountId);
  const { fields } = useCustomFields(subAccountId);
  const users = useAssignableUsers(subAccountId);
  const columns = useMemo(
    () => contactColumns(subAccountId, fields, users.nameOf),
    [subAccountId, fields, users.nameOf],
  );
  const visibleColumns = columns.filter((c) => shown.includes(c.key));

  const apiFilter = useMemo(() => toApiFilter(filter), [filter]);
  const list = useInfiniteQuery({
    queryKey: contactKeys.search(subAccountId, apiFilter, sort),
    queryFn: ({ pageParam }) =>
      contactsApi.search(subAccountId, { filter: apiFilter, sort, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const first = list.data?.pages[0];
  const total = first?.total ?? 0;
  const totalLabel = first ? `${total.toLocaleString()}${first.totalIsEstimate ? '+' : ''}` : '…';

  const changeFilter = (next: FilterState) => {
    setFilter(next);
    setSelected(new Set());
    setAllMatching(false);
  };
  const onSearch = useCallback((search: string) => {
    setFilter((f) => (f.search === search ? f : { ...f, search }));
    setSelected(new Set());
    setAllMatching(false);
  }, []);
  const pickSmartList = (next: SmartList | null) => {
    setSmartList(next);
    changeFilter(next ? fromApiFilter(smartListFilter(next)) : emptyFilter);
    if (next) setShowFilters(true);
  };

  const selection: Selection = allMatching
    ? { kind: 'filter', filter: apiFilter, count: total }
    : { kind: 'ids', ids: [...selected] };
  const pageIds = items.map((c) => c.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const someOnPage = pageIds.some((id) => selected.has(id));
  const toggleAll = () => {
    setAllMatching(false);
    setSelected(allOnPage ? new Set() : new Set(pageIds));
  };
  const toggle = (id: string) => {
    setAllMatching(false);
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const filtersSet = activeFilterCount(filter);
  const hasFilter = filtersSet > 0 || filter.search !== '';

  return (
    <>
      <PageHeader
        title="Contacts"
        description={
          <span data-testid="contacts-total">
            {totalLabel} {hasFilter ? 'matching' : 'contacts'}
            {smartList ? ` · ${smartList.name}` : ''}
          </span>
        }
        actions={
          <>
            <Button variant="default" onClick={() => setExporting(true)} disabled={total === 0}>
              Export
            </Button>
            {can('contacts:create') && (
              <ButtonLink
                variant="default"
                to="/sub-accounts/$subAccountId/contacts/import"
                params={{ subAccountId }}
              >
                Import CSV
              </ButtonLink>
            )}
            {can('contacts:create') && <Button onClick={() => setCreating(true)}>New contact</Button>}
          </>
        }
      />
      <Flex gap="lg" direction={{ base: 'column', md: 'row' }} align="flex-start">
        <Box w={{ base: '100%', md: 190 }} style={{ flexShrink: 0 }}>
          <SmartListsSidebar
            subAccountId={subAccountId}
            selectedId={smartList?.id ?? null}
            onSelect={pickSmartList}
            currentFilter={apiFilter}
            canSave={hasFilter}
            can={can}
          />
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }} w="100%">
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap">
              <Group gap="sm">
                <SearchInput
                  key={smartList?.id ?? 'all'}
                  placeholder="Search name, email or phone"
                  onSearch={onSearch}
                  width={300}
                />
                <Indicator label={filtersSet} size={16} disabled={filtersSet === 0}>
                  <Button
                    variant={showFilters ? 'light' : 'default'}
                    onClick={() => setShowFilters((s) => !s)}
                    data-testid="toggle-filters"
                  >
                    Filters
                  </Button>
                </Indicator>
              </Group>
              <ColumnChooser columns={columns} value={shown} onChange={setShown} />
            </Group>
            {showFilters && (
              <FilterBuilder
                value={filter}
                onChange={changeFilter}
                tags={tags}
                users={users.options}
                customFields={fields}
              />
            )}
            <BulkActionsBar
              subAccountId={subAccountId}
              selection={selection}
              can={can}
              onStarted={() => {
                setSelected(new Set());
                setAllMatching(false);
              }}
              onClear={() => {
                setSelected(new Set());
                setAllMatching(false);
              }}
            />
            {allOnPage && !allMatching && total > items.length && (
              <Paper p="xs" bg="gray.0" ta="center">
                <Text size="sm">
                  All {items.length} contacts on screen are selected.{' '}
                  <Button size="compact-sm" variant="subtle" onClick={() => setAllMatching(true)}>
                    Select all {totalLabel} matching
                  </Button>
                </Text>
              </Paper>
            )}
            <ErrorAlert
              error={list.error}
              title="Could not load contacts"
              onRetry={() => void list.refetch()}
            />
            {list.isPending ? (
              <LoadingState />
            ) : items.length === 0 ? (
              <EmptyState title={hasFilter ? 'No contact matches' : 'No contacts yet'}>
                {hasFilter
                  ? 'Try another search or remove some filters.'
                  : 'Add a contact or import a CSV file to get started.'}
              </EmptyState>
            ) : (
              <Paper withBorder radius="md">
                <Table.ScrollContainer minWidth={760}>
                  <Table highlightOnHover verticalSpacing="xs" data-testid="contacts-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th w={36}>
                          <Checkbox
                            aria-label="Select all on screen"
                            checked={allOnPage || allMatching}
                            indeterminate={!allOnPage && someOnPage}
                            onChange={toggleAll}
                          />
                        </Table.Th>
                        {visibleColumns.map((c) => (
                          <Table.Th key={c.key} style={{ whiteSpace: 'nowrap' }}>
                            {c.sort ? (
                              <UnstyledButton
                                fw={700}
                                fz="sm"
                                onClick={() => setSort(sort === `-${c.sort}` ? (c.sort ?? '') : `-${c.sort}`)}
                                aria-label={`Sort by ${c.label}`}
                              >
                                {c.label}
                                {sort === c.sort ? ' ↑' : sort === `-${c.sort}` ? ' ↓' : ''}
                              </UnstyledButton>
                            ) : (
                              c.label
                            )}
                          </Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((contact) => (
                        <Table.Tr
                          key={contact.id}
                          data-testid="contact-row"
                          bg={selected.has(contact.id) || allMatching ? 'indigo.0' : undefined}
                        >
                          <Table.Td>
                            <Checkbox
                              aria-label={`Select ${contact.fullName || contact.email || contact.id}`}
                              checked={allMatching || selected.has(contact.id)}
                              onChange={() => toggle(contact.id)}
                            />
                          </Table.Td>
                          {visibleColumns.map((c) => (
                            <Table.Td
                              key={c.key}
                              style={{
                                fontSize: 'var(--mantine-font-size-sm)',
                                whiteSpace: c.key === 'tags' ? undefined : 'nowrap',
                                minWidth: c.minWidth,
                              }}
                            >
                              {c.render(contact)}
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            )}
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {items.length > 0 && `Showing ${items.length.toLocaleString()} of ${totalLabel}`}
              </Text>
              {selected.size > 0 && !allMatching && <Badge variant="light">{selected.size} selected</Badge>}
            </Group>
            <LoadMore
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              onLoad={() => void list.fetchNextPage()}
            />
          </Stack>
        </Box>
      </Flex>
      {creating && <ContactFormModal subAccountId={subAccountId} onClose={() => setCreating(false)} />}
      {exporting && (
        <ExportModal
          subAccountId={subAccountId}
          selection={
            selected.size > 0 || allMatching ? selection : { kind: 'filter', filter: apiFilter, count: total }
          }
          columns={columns}
          initialColumns={shown}
          onClose={() => setExporting(false)}
        />
      )}
    </>
  );
}
