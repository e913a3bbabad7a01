import { Checkbox, Table, Text } from '@mantine/core';
import type { PermissionCatalogue } from '../../api/access.api.ts';
import { humanize } from '../../ui/format.ts';

/**
 * Resources as rows, actions as columns. A cell exists only where the catalogue says the resource
 * has that action; the row header toggles a whole resource.
 */
export function PermissionMatrix({
  catalogue,
  value,
  onChange,
  readOnly,
}: {
  catalogue: PermissionCatalogue;
  value: Set<string>;
  onChange?: (next: Set<string>) => void;
  readOnly?: boolean;
}) {
  const set = (permissions: string[], on: boolean) => {
    const next = new Set(value);
    for (const p of permissions) {
      if (on) next.add(p);
      else next.delete(p);
    }
    onChange?.(next);
  };

  return (
    <Table.ScrollContainer minWidth={560} maxHeight={420}>
      <Table
        stickyHeader
        striped
        withRowBorders={false}
        verticalSpacing={6}
        highlightOnHover={false}
        data-testid="permission-matrix"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Resource</Table.Th>
            {catalogue.actions.map((action) => {
              const column = catalogue.resources
                .filter((r) => r.actions.includes(action))
                .map((r) => `${r.resource}:${action}`);
              const all = column.length > 0 && column.every((p) => value.has(p));
              return (
                <Table.Th key={action} ta="center" w={84}>
                  {readOnly ? (
                    humanize(action)
                  ) : (
                    <Checkbox
                      size="xs"
                      label={humanize(action)}
                      checked={all}
                      indeterminate={!all && column.some((p) => value.has(p))}
                      onChange={(e) => set(column, e.currentTarget.checked)}
                      styles={{ body: { justifyContent: 'center' }, label: { fontWeight: 600 } }}
                      aria-label={`All ${action}`}
                    />
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {catalogue.resources.map(({ resource, actions }) => {
            const row = actions.map((a) => `${resource}:${a}`);
            const all = row.every((p) => value.has(p));
            return (
              <Table.Tr key={resource}>
                <Table.Td>
                  {readOnly ? (
                    <Text size="sm">{humanize(resource)}</Text>
                  ) : (
                    <Checkbox
                      size="xs"
                      label={humanize(resource)}
                      checked={all}
                      indeterminate={!all && row.some((p) => value.has(p))}
                      onChange={(e) => set(row, e.currentTarget.checked)}
                    />
                  )}
                </Table.Td>
                {catalogue.actions.map((action) => {
                  const permission = `${resource}:${action}`;
                  return (
                    <Table.Td key={action} ta="center">
                      {actions.includes(action) ? (
                        <Checkbox
                          size="sm"
                          checked={value.has(permission)}
                          readOnly={readOnly}
                          disabled={readOnly && !value.has(permission)}
                          onChange={(e) => !readOnly && set([permission], e.currentTarget.checked)}
                          aria-label={permission}
                          styles={{ body: { justifyContent: 'center' } }}
                        />
                      ) : (
                        <Text c="dimmed" size="xs">
                          —
                        </Text>
                      )}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
