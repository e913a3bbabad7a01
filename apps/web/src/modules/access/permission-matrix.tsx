import { Checkbox, Group, Table, Text } from '@mantine/core';
import type { PermissionCatalogue } from '../../api/access.api.ts';
import type { CSSProperties } from 'react';
import { humanize } from '../../ui/format.ts';

/** A cell against a baseline: as the role has it, given beyond it, or taken away from it. */
export type CellState = 'role' | 'granted' | 'revoked';

export function cellState(permission: string, value: Set<string>, baseline: Set<string>): CellState {
  if (value.has(permission) && !baseline.has(permission)) return 'granted';
  if (!value.has(permission) && baseline.has(permission)) return 'revoked';
  return 'role';
}

const CELL_STYLES: Record<CellState, Parameters<typeof Checkbox>[0]['styles']> = {
  role: { body: { justifyContent: 'center' } },
  granted: { body: { justifyContent: 'center' } },
  revoked: {
    body: { justifyContent: 'center' },
    input: { borderColor: 'var(--mantine-color-red-6)', background: 'var(--mantine-color-red-0)' },
  },
};

/** The key under a matrix with a baseline. */
export function MatrixLegend() {
  const swatch = (style: CSSProperties) => (
    <span style={{ width: 14, height: 14, borderRadius: 4, display: 'inline-block', ...style }} />
  );
  return (
    <Group gap="lg">
      <Group gap={6}>
        {swatch({ background: 'var(--mantine-color-indigo-6)' })}
        <Text size="xs" c="dimmed">
          From the role
        </Text>
      </Group>
      <Group gap={6}>
        {swatch({ background: 'var(--mantine-color-teal-6)' })}
        <Text size="xs" c="dimmed">
          Granted to this person
        </Text>
      </Group>
      <Group gap={6}>
        {swatch({
          border: '1px solid var(--mantine-color-red-6)',
          background: 'var(--mantine-color-red-0)',
        })}
        <Text size="xs" c="dimmed">
          Revoked from this person
        </Text>
      </Group>
    </Group>
  );
}

/**
 * Resources as rows, actions as columns. A cell exists only where the catalogue says the resource
 * has that action; the row header toggles a whole resource. With a `baseline` (a person's role),
 * cells that differ from it are marked as granted (teal) or revoked (red outline).
 */
export function PermissionMatrix({
  catalogue,
  value,
  onChange,
  readOnly,
  baseline,
}: {
  catalogue: PermissionCatalogue;
  value: Set<string>;
  onChange?: (next: Set<string>) => void;
  readOnly?: boolean;
  baseline?: Set<string>;
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
                  const state = baseline ? cellState(permission, value, baseline) : 'role';
                  return (
                    <Table.Td key={action} ta="center" data-state={baseline ? state : undefined}>
                      {actions.includes(action) ? (
                        <Checkbox
                          size="sm"
                          checked={value.has(permission)}
                          readOnly={readOnly}
                          disabled={readOnly && !value.has(permission)}
                          onChange={(e) => !readOnly && set([permission], e.currentTarget.checked)}
                          aria-label={permission}
                          color={state === 'granted' ? 'teal' : undefined}
                          title={
                            state === 'granted'
                              ? 'Granted to this person'
                              : state === 'revoked'
                                ? 'Revoked from this person'
                                : undefined
                          }
                          styles={CELL_STYLES[state]}
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
