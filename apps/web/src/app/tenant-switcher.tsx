import {
  Badge,
  Box,
  Button,
  Divider,
  Group,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { linkOptions, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { agenciesApi } from '../api/agencies.api.ts';
import type { Me } from '../api/auth.api.ts';
import { ChevronDownIcon, SearchIcon } from '../ui/icons.tsx';
import type { TenantContext } from './tenant-context.ts';
import classes from './shell.module.css';
import { subAccountKeys } from '../modules/sub-accounts/sub-account.keys.ts';

const agencyLink = (agencyId: string) => linkOptions({ to: '/agencies/$agencyId', params: { agencyId } });
const subAccountLink = (subAccountId: string) =>
  linkOptions({ to: '/sub-accounts/$subAccountId', params: { subAccountId } });

type Entry = {
  key: string;
  label: string;
  hint: string;
  link: ReturnType<typeof agencyLink> | ReturnType<typeof subAccountLink>;
  active: boolean;
};

/**
 * The header's "where am I" control. Agency staff search their agency's sub-accounts through the
 * API; sub-account staff pick among the sub-accounts /auth/me lists.
 */
export function TenantSwitcher({ me, context }: { me: Me; context: TenantContext }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);

  const agency =
    (context.kind !== 'none' && context.agencyId
      ? me.agencies.find((a) => a.id === context.agencyId)
      : undefined) ?? me.agencies[0];

  const remote = useQuery({
    queryKey: subAccountKeys.switcherSearch(agency?.id, debounced),
    queryFn: () =>
      agenciesApi.subAccounts(agency?.id ?? '', {
        search: debounced || undefined,
        status: 'active',
        limit: 20,
      }),
    enabled: opened && Boolean(agency),
  });

  const currentLabel =
    context.kind === 'agency'
      ? (me.agencies.find((a) => a.id === context.agencyId)?.name ?? 'Agency')
      : context.kind === 'sub_account'
        ? (context.name ?? me.subAccounts.find((s) => s.id === context.subAccountId)?.name ?? 'Sub-account')
        : 'Switch workspace';
  const currentKind =
    context.kind === 'agency' ? 'Agency' : context.kind === 'sub_account' ? 'Sub-account' : null;

  const needle = search.trim().toLowerCase();
  const agencyEntries: Entry[] = me.agencies
    .filter((a) => !needle || a.name.toLowerCase().includes(needle))
    .map((a) => ({
      key: `a-${a.id}`,
      label: a.name,
      hint: 'Agency view',
      link: agencyLink(a.id),
      active: context.kind === 'agency' && context.agencyId === a.id,
    }));
  const seen = new Set<string>();
  const subEntries: Entry[] = [];
  for (const s of remote.data?.items ?? []) {
    seen.add(s.id);
    subEntries.push({
      key: `s-${s.id}`,
      label: s.name,
      hint: s.timezone,
      link: subAccountLink(s.id),
      active: context.kind === 'sub_account' && context.subAccountId === s.id,
    });
  }
  for (const s of me.subAccounts) {
    if (seen.has(s.id) || (needle && !s.name.toLowerCase().includes(needle))) continue;
    subEntries.push({
      key: `s-${s.id}`,
      label: s.name,
      hint: s.role.name,
      link: subAccountLink(s.id),
      active: context.kind === 'sub_account' && context.subAccountId === s.id,
    });
  }

  const go = (link: Entry['link']) => {
    close();
    setSearch('');
    void navigate(link);
  };

  const renderEntry = (entry: Entry) => (
    <UnstyledButton
      key={entry.key}
      className={classes.switcherItem}
      data-active={entry.active || undefined}
      onClick={() => go(entry.link)}
    >
      <Text size="sm" fw={500} truncate>
        {entry.label}
      </Text>
      <Text size="xs" c="dimmed" truncate>
        {entry.hint}
      </Text>
    </UnstyledButton>
  );

  return (
    <Popover
      opened={opened}
      onChange={(o) => (o ? undefined : close())}
      position="bottom-start"
      width={320}
      shadow="md"
      trapFocus
    >
      <Popover.Target>
        <Button
          variant="default"
          onClick={toggle}
          rightSection={<ChevronDownIcon size={14} />}
          aria-label="Switch workspace"
          data-testid="tenant-switcher"
          maw={420}
        >
          <Group gap={8} wrap="nowrap">
            {currentKind && (
              <Badge
                size="xs"
                variant="light"
                color={context.kind === 'agency' ? 'violet' : 'teal'}
                style={{ flexShrink: 0, overflow: 'visible' }}
              >
                {currentKind}
              </Badge>
            )}
            <Text size="sm" fw={500} truncate maw={260}>
              {currentLabel}
            </Text>
          </Group>
        </Button>
      </Popover.Target>
      <Popover.Dropdown p={8} data-testid="tenant-switcher-dropdown">
        <TextInput
          placeholder={agency ? 'Search sub-accounts…' : 'Filter…'}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          size="sm"
          mb={6}
          data-autofocus
          leftSection={<SearchIcon size={14} />}
          aria-label="Search sub-accounts"
        />
        <ScrollArea.Autosize mah={360}>
          <Stack gap={2}>
            {agencyEntries.length > 0 && (
              <>
                <Text size="xs" c="dimmed" fw={600} tt="uppercase" px={8} pt={4}>
                  Agency
                </Text>
                {agencyEntries.map(renderEntry)}
                <Divider my={4} />
              </>
            )}
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" px={8} pt={4}>
              Sub-accounts
            </Text>
            {subEntries.map(renderEntry)}
            {remote.isFetching && subEntries.length === 0 && (
              <Text size="sm" c="dimmed" px={8} py={6}>
                Searching…
              </Text>
            )}
            {!remote.isFetching && subEntries.length === 0 && (
              <Box px={8} py={6}>
                <Text size="sm" c="dimmed">
                  {needle ? `No sub-account matches “${search.trim()}”.` : 'No sub-accounts yet.'}
                </Text>
              </Box>
            )}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
