import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { contactsApi } from '../../api/contacts.api.ts';
import type { ColumnOption } from '../../ui/column-chooser.tsx';
import { ErrorAlert } from '../../ui/states.tsx';
import type { Selection } from './bulk-actions.tsx';

/** Export the selection (or every match of the filter) to CSV with the chosen columns. */
export function ExportModal({
  subAccountId,
  selection,
  columns,
  initialColumns,
  onClose,
}: {
  subAccountId: string;
  selection: Selection;
  columns: ColumnOption[];
  initialColumns: string[];
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState<string[]>(initialColumns);
  const count = selection.kind === 'ids' ? selection.ids.length : selection.count;
  const download = useMutation({
    mutationFn: async () => {
      const blob = await contactsApi.exportCsv(subAccountId, {
        columns: chosen,
        ...(selection.kind === 'ids' ? { contactIds: selection.ids } : { filter: selection.filter }),
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `contacts-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    onSuccess: onClose,
  });
  return (
    <Modal opened onClose={onClose} title="Export contacts" size="lg">
      <Stack>
        <Text size="sm">
          {selection.kind === 'ids'
            ? `${count.toLocaleString()} selected contacts`
            : `Every contact matching the current filter (${count.toLocaleString()})`}
          , as CSV.
        </Text>
        <ErrorAlert error={download.error} title="Export failed" />
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            Columns
          </Text>
          <Group gap="xs">
            <Button size="compact-xs" variant="subtle" onClick={() => setChosen(columns.map((c) => c.key))}>
              All
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={() => setChosen([])}>
              None
            </Button>
          </Group>
        </Group>
        <Checkbox.Group value={chosen} onChange={setChosen}>
          <SimpleGrid cols={3} spacing={6}>
            {columns.map((c) => (
              <Checkbox key={c.key} value={c.key} label={c.label} size="sm" />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => download.mutate()}
            loading={download.isPending}
            disabled={chosen.length === 0}
            data-testid="export-download"
          >
            Download CSV
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
