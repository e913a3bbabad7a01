import { Card, Tabs } from '@mantine/core';
import type { ReactNode } from 'react';

export type SettingsTab = { value: string; label: string; render: () => ReactNode };

/** Settings tabs whose selection lives in the URL (`…/settings/:tab`, kept by the route), so
 * tabs can be linked. */
export function SettingsTabs({
  tabs,
  current,
  onChange,
}: {
  tabs: SettingsTab[];
  current: string | undefined;
  onChange: (tab: string) => void;
}) {
  const active = tabs.find((t) => t.value === current) ?? tabs[0];
  if (!active) return null;
  return (
    <Tabs value={active.value} onChange={(v) => v && onChange(v)} keepMounted={false}>
      <Tabs.List mb="md">
        {tabs.map((t) => (
          <Tabs.Tab key={t.value} value={t.value}>
            {t.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((t) => (
        <Tabs.Panel key={t.value} value={t.value}>
          <Card>{t.value === active.value && t.render()}</Card>
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
