import { AppShell, Avatar, Burger, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { authApi, type Me } from '../api/auth.api.ts';
import { useBrand } from './branding.ts';
import { useMeta } from './meta.ts';
import { canSeeSettings, permissionsFor } from './permissions.ts';
import { Link, useMatchRoute, useNavigate } from '@tanstack/react-router';
import { lastTenantLink, useTenantContext, type TenantContext } from './tenant-context.ts';
import { MenuItemLink, NavLinkLink } from '../ui/links.tsx';
import { TenantSwitcher } from './tenant-switcher.tsx';
import classes from './shell.module.css';

/** Props every navigation entry shares; the router marks the entry of the current page active. */
const navEntry = { variant: 'light', style: { borderRadius: 6 }, activeProps: { active: true } } as const;

/** The navigation of the tenant in view: its pages, and the way back up to the agency. */
function TenantNav({ me, context, onNavigate }: { me: Me; context: TenantContext; onNavigate: () => void }) {
  const entry = { ...navEntry, onClick: onNavigate };
  if (context.kind === 'agency') {
    const params = { agencyId: context.agencyId };
    return (
      <NavSection title="Agency">
        <NavLinkLink
          {...entry}
          to="/agencies/$agencyId"
          params={params}
          activeOptions={{ exact: true }}
          label="Sub-accounts"
        />
        <NavLinkLink
          {...entry}
          to="/agencies/$agencyId/settings/{-$tab}"
          params={params}
          label="Agency settings"
        />
      </NavSection>
    );
  }
  if (context.kind === 'sub_account') {
    const params = { subAccountId: context.subAccountId };
    const can = permissionsFor(me, { agencyId: context.agencyId, subAccountId: context.subAccountId });
    const agency = me.agencies.find((a) => a.id === context.agencyId);
    return (
      <>
        <NavSection title="Sub-account">
          <NavLinkLink
            {...entry}
            to="/sub-accounts/$subAccountId"
            params={params}
            activeOptions={{ exact: true }}
            label="Overview"
          />
          {can('contacts:read') && (
            <>
              <NavLinkLink
                {...entry}
                to="/sub-accounts/$subAccountId/contacts"
                params={params}
                label="Contacts"
              />
              <NavLinkLink
                {...entry}
                to="/sub-accounts/$subAccountId/tasks"
                params={params}
                label="My tasks"
              />
            </>
          )}
          {can('opportunities:read') && (
            <NavLinkLink
              {...entry}
              to="/sub-accounts/$subAccountId/opportunities"
              params={params}
              label="Opportunities"
            />
          )}
          {can('pipelines:read') && (
            <NavLinkLink
              {...entry}
              to="/sub-accounts/$subAccountId/pipelines"
              params={params}
              label="Pipelines"
            />
          )}
          {canSeeSettings(can) && (
            <NavLinkLink
              {...entry}
              to="/sub-accounts/$subAccountId/settings/{-$tab}"
              params={params}
              label="Settings"
            />
          )}
        </NavSection>
        {agency && (
          <NavSection title="Agency">
            <NavLinkLink
              {...entry}
              to="/agencies/$agencyId"
              params={{ agencyId: agency.id }}
              activeOptions={{ exact: true }}
              label={`Back to ${agency.name}`}
            />
          </NavSection>
        )}
      </>
    );
  }
  const last = lastTenantLink();
  return last ? (
    <NavSection title="Workspace">
      <NavLinkLink {...entry} {...last} label="Back to workspace" />
    </NavSection>
  ) : null;
}

function NavSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <div className={classes.navSection}>{title}</div>
      {children}
    </div>
  );
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
  const navigate = useNavigate();
  const matchRoute = useMatchRoute();
  // The kanban board uses the whole window: every extra column on screen is one less scroll.
  const fullWidth = Boolean(matchRoute({ to: '/sub-accounts/$subAccountId/opportunities' }));
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
      void navigate({ to: '/login' });
    }
  };

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
            <Link to="/" className={classes.brand} data-testid="brand">
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
                  <MenuItemLink to="/dev/outbox/{-$messageId}">Dev outbox</MenuItemLink>
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
          <TenantNav me={me} context={context} onNavigate={close} />
        </AppShell.Section>
        {devOutbox && (
          <AppShell.Section>
            <div className={classes.navSection}>Developer</div>
            <NavLinkLink
              {...navEntry}
              to="/dev/outbox/{-$messageId}"
              label="Dev outbox"
              description="Emails and texts sent in dev"
              onClick={close}
            />
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main className={classes.main}>
        <div style={{ maxWidth: fullWidth ? undefined : 1180, margin: '0 auto' }}>{children}</div>
      </AppShell.Main>
    </AppShell>
  );
}
