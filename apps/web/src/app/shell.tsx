import { AppShell, Avatar, Burger, Group, Menu, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { authApi, type Me } from '../api/auth.api.ts';
import { useBrand } from './branding.ts';
import { useMeta } from './meta.ts';
import { canSeeSettings, permissionsFor } from './permissions.ts';
import { Link, navigate, useLocation } from './router.tsx';
import { lastTenantPath, useTenantContext, type TenantContext } from './tenant-context.ts';
import { TenantSwitcher } from './tenant-switcher.tsx';
import classes from './shell.module.css';

type NavItem = { label: string; href: string; exact?: boolean };

function navFor(me: Me, context: TenantContext): { section: string; items: NavItem[] }[] {
  if (context.kind === 'agency') {
    const base = `/agencies/${context.agencyId}`;
    return [
      {
        section: 'Agency',
        items: [
          { label: 'Sub-accounts', href: base, exact: true },
          { label: 'Agency settings', href: `${base}/settings` },
        ],
      },
    ];
  }
  if (context.kind === 'sub_account') {
    const base = `/sub-accounts/${context.subAccountId}`;
    const can = permissionsFor(me, { agencyId: context.agencyId, subAccountId: context.subAccountId });
    const items: NavItem[] = [{ label: 'Overview', href: base, exact: true }];
    if (can('contacts:read')) {
      items.push({ label: 'Contacts', href: `${base}/contacts` });
      items.push({ label: 'My tasks', href: `${base}/tasks` });
    }
    if (can('opportunities:read')) items.push({ label: 'Opportunities', href: `${base}/opportunities` });
    if (can('pipelines:read')) items.push({ label: 'Pipelines', href: `${base}/pipelines` });
    if (canSeeSettings(can)) items.push({ label: 'Settings', href: `${base}/settings` });
    const sections = [{ section: 'Sub-account', items }];
    const agency = me.agencies.find((a) => a.id === context.agencyId);
    if (agency)
      sections.push({
        section: 'Agency',
        items: [{ label: `Back to ${agency.name}`, href: `/agencies/${agency.id}` }],
      });
    return sections;
  }
  const last = lastTenantPath();
  return last ? [{ section: 'Workspace', items: [{ label: 'Back to workspace', href: last }] }] : [];
}

/** The kanban board uses the whole window: every extra column on screen is one less scroll. */
function fullWidth(pathname: string): boolean {
  return /^\/sub-accounts\/[^/]+\/opportunities\/?$/.test(pathname);
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase())
    .join('');
}

export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const context = useTenantContext();
  const queryClient = useQueryClient();
  const brand = useBrand(me, context);
  // The dev outbox exists only with the dev email adapter; /api/v1/meta says which one runs.
  const devOutbox = useMeta().data?.devOutbox === true;

  const logout = async () => {
    try {
      await authApi.logout();
    } finally {
      queryClient.clear();
      navigate('/login');
    }
  };

  const isActive = (item: NavItem) =>
    item.exact
      ? pathname.replace(/\/$/, '') === item.href
      : pathname === item.href || pathname.startsWith(`${item.href}/`);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Link href="/" className={classes.brand} data-testid="brand">
              <span className={classes.logo} style={brand.color ? { background: brand.color } : undefined}>
                {brand.name.charAt(0).toUpperCase()}
              </span>
              <span className={classes.brandName} title={brand.name}>
                {brand.name}
              </span>
            </Link>
            <TenantSwitcher me={me} context={context} />
          </Group>
          <Menu position="bottom-end" width={240} shadow="md">
            <Menu.Target>
              <UnstyledButton aria-label="Account menu" data-testid="user-menu">
                <Group gap={8} wrap="nowrap">
                  <Avatar size={32} radius="xl" color="indigo">
                    {initials(me.user.name || me.user.email)}
                  </Avatar>
                  <Stack gap={0} visibleFrom="sm">
                    <Text size="sm" fw={500} lh={1.2}>
                      {me.user.name || me.user.email}
                    </Text>
                    <Text size="xs" c="dimmed" lh={1.2}>
                      {me.user.email}
                    </Text>
                  </Stack>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Signed in as {me.user.email}</Menu.Label>
              {devOutbox && (
                <>
                  <Menu.Item component={Link} href="/dev/outbox">
                    Dev outbox
                  </Menu.Item>
                  <Menu.Divider />
                </>
              )}
              <Menu.Item color="red" onClick={logout}>
                Log out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        <AppShell.Section grow>
          {navFor(me, context).map((group) => (
            <div key={group.section}>
              <div className={classes.navSection}>{group.section}</div>
              {group.items.map((item) => (
                <NavLink
                  key={item.href}
                  component={Link}
                  href={item.href}
                  label={item.label}
                  active={isActive(item)}
                  onClick={close}
                  variant="light"
                  style={{ borderRadius: 6 }}
                />
              ))}
            </div>
          ))}
        </AppShell.Section>
        {devOutbox && (
          <AppShell.Section>
            <div className={classes.navSection}>Developer</div>
            <NavLink
              component={Link}
              href="/dev/outbox"
              label="Dev outbox"
              description="Emails and texts sent in dev"
              active={pathname.startsWith('/dev/outbox')}
              onClick={close}
              variant="light"
              style={{ borderRadius: 6 }}
            />
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main className={classes.main}>
        <div style={{ maxWidth: fullWidth(pathname) ? undefined : 1180, margin: '0 auto' }}>{children}</div>
      </AppShell.Main>
    </AppShell>
  );
}
