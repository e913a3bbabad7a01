import { Group, Stack, Text, Tooltip } from '@mantine/core';

/** `display` replaces the printed value, e.g. "1,000+" for a capped count. */
export type Bar = { label: string; value: number; color?: string; display?: string };

/** Horizontal bars in plain CSS: enough for "contacts by status" without a chart library. */
export function BarChart({ bars, testId }: { bars: Bar[]; testId?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <Stack gap={6} data-testid={testId}>
      {bars.map((bar) => (
        <Group key={bar.label} gap="sm" wrap="nowrap">
          <Text size="sm" w={110} truncate="end" title={bar.label}>
            {bar.label}
          </Text>
          <Tooltip label={`${bar.label}: ${bar.display ?? bar.value.toLocaleString()}`}>
            <div
              style={{ flex: 1, height: 14, background: 'var(--mantine-color-gray-1)', borderRadius: 4 }}
              role="img"
              aria-label={`${bar.label}: ${bar.value}`}
            >
              <div
                style={{
                  width: `${(bar.value / max) * 100}%`,
                  minWidth: bar.value > 0 ? 3 : 0,
                  height: '100%',
                  borderRadius: 4,
                  background: `var(--mantine-color-${bar.color ?? 'indigo'}-5)`,
                }}
              />
            </div>
          </Tooltip>
          <Text size="sm" w={56} ta="right" fw={500}>
            {bar.display ?? bar.value.toLocaleString()}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
