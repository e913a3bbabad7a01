import { Button, Checkbox, Popover, Stack, Text } from '@mantine/core';
import { ChevronDownIcon } from './icons.tsx';

export type ColumnOption = { key: string; label: string };

/** Which columns a table shows; the caller keeps the choice (the contacts list: localStorage). */
export function ColumnChooser({
  columns,
  value,
  onChange,
}: {
  columns: ColumnOption[];
  value: string[];
  onChange: (keys: string[]) => void;
}) {
  return (
    <Popover position="bottom-end" shadow="md" width={240}>
      <Popover.Target>
        <Button variant="default" rightSection={<ChevronDownIcon size={14} />} data-testid="column-chooser">
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" c="dimmed" mb="xs">
          Shown columns (remembered in this browser)
        </Text>
        <Checkbox.Group value={value} onChange={onChange}>
          <Stack gap={6} mah={320} style={{ overflowY: 'auto' }}>
            {columns.map((c) => (
              <Checkbox key={c.key} value={c.key} label={c.label} size="sm" />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}
