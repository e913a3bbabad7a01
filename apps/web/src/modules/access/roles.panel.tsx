import {
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { accessApi, type PermissionCatalogue, type Role, type RoleScope } from '../../api/access.api.ts';
import type { Scope } from '../../api/scope.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { FormError, fieldError } from '../../ui/form-error.tsx';
import { SearchInput } from '../../ui/search-input.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { PermissionMatrix } from './permission-matrix.tsx';
import { useRoles } from './use-roles.ts';
import { accessKeys } from './access.keys.ts';

/** A sub-account role never shows the resources that only exist above sub-accounts. */
function catalogueFor(catalogue: PermissionCatalogue, scope: RoleScope): PermissionCatalogue {
  if (scope === 'agency') return catalogue;
  return { ...catalogue, resources: catalogue.resources.filter((r) => r.scope === 'sub_account') };
}

type Editing = { mode: 'create' } | { mode: 'edit'; role: Role } | { mode: 'view'; role: Role };

function RoleModal({
  scope,
  editing,
  catalogue,
  onClose,
}: {
  scope: Scope;
  editing: Editing;
  catalogue: PermissionCatalogue;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const role = editing.mode === 'create' ? undefined : editing.role;
  // At the agency a new role may be for agency staff or for sub-account users; below, only the latter.
  const [roleScope, setRoleScope] = useState<RoleScope>(
    role?.scope ?? (scope.kind === 'agency' ? 'agency' : 'sub_account'),
  );
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [permissions, setPermissions] = useState(() => new Set(role?.permissions ?? []));
  const readOnly = editing.mode === 'view';

  const save = useMutation({
    mutationFn: () => {
      const input = {
        name: name.trim(),
        description: description.trim() || undefined,
        permissions: [...permissions].sort(),
      };
      return role
        ? accessApi.updateRole(scope, role.id, input)
        : accessApi.createRole(scope, { ...input, scope: roleScope });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: accessKeys.roles(scope) });
      onClose();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  const title =
    editing.mode === 'create'
      ? 'New custom role'
      : editing.mode === 'edit'
        ? `Edit ${role?.name}`
        : role?.name;

  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          {readOnly ? (
            <Text size="sm" c="dimmed">
              {role?.description}
              {role?.isBuiltin &&
                ' Built-in roles cannot be changed; create a custom role to adjust permissions.'}
            </Text>
          ) : (
            <>
              <FormError error={save.error} fields={['name', 'description', 'permissions']} />
              <Group grow align="flex-start">
                <TextInput
                  label="Name"
                  required
                  data-autofocus
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  error={fieldError(save.error, 'name')}
                />
                <Textarea
                  label="Description"
                  autosize
                  minRows={1}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                  error={fieldError(save.error, 'description')}
                />
              </Group>
              {editing.mode === 'create' && scope.kind === 'agency' && (
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    Level
                  </Text>
                  <SegmentedControl
                    w="fit-content"
                    value={roleScope}
                    onChange={(v) => setRoleScope(v as RoleScope)}
                    data={[
                      { value: 'agency', label: 'Agency staff' },
                      { value: 'sub_account', label: 'Sub-account users' },
                    ]}
                  />
                </Stack>
              )}
            </>
          )}
          <PermissionMatrix
            catalogue={catalogueFor(catalogue, roleScope)}
            value={permissions}
            onChange={setPermissions}
            readOnly={readOnly}
          />
          {fieldError(save.error, 'permissions') && (
            <Text c="red" size="sm">
              {fieldError(save.error, 'permissions')}
            </Text>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {permissions.size} permission{permissions.size === 1 ? '' : 's'}
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                {readOnly ? 'Close' : 'Cancel'}
              </Button>
              {!readOnly && (
                <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                  {role ? 'Save role' : 'Create role'}
                </Button>
              )}
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function RolesPanel({ scope, can }: { scope: Scope; can: Can }) {
  const queryClient = useQueryClient();
  const roles = useRoles(scope);
  const catalogue = useQuery({
    queryKey: accessKeys.permissions(),
    queryFn: accessApi.permissions,
    staleTime: Infinity,
  });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [search, setSearch] = useState('');
  const remove = useMutation({
    mutationFn: (role: Role) => accessApi.deleteRole(scope, role.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accessKeys.roles(scope) }),
  });

  const needle = search.toLowerCase();
  const items = (roles.data ?? []).filter(
    (r) => !needle || `${r.name} ${r.description ?? ''}`.toLowerCase().includes(needle),
  );

  return (
    <>
      <Group justify="space-between" mb="md">
        <SearchInput placeholder="Filter roles" onSearch={setSearch} />
        {can('roles:create') && (
          <Button onClick={() => setEditing({ mode: 'create' })} disabled={!catalogue.data}>
            New custom role
          </Button>
        )}
      </Group>
      <ErrorAlert error={roles.error ?? catalogue.error} onRetry={() => void roles.refetch()} />
      <ErrorAlert error={remove.error} title="Could not delete the role" />
      {roles.isPending ? (
        <LoadingState />
      ) : items.length === 0 ? (
        <EmptyState title={search ? 'No role matches your filter' : 'No roles'} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Role</Table.Th>
                <Table.Th>Level</Table.Th>
                <Table.Th>Permissions</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((role) => (
                <Table.Tr key={role.id}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm" fw={500}>
                        {role.name}
                      </Text>
                      <Badge size="xs" variant="light" color={role.isBuiltin ? 'gray' : 'indigo'}>
                        {role.isBuiltin ? 'Built-in' : 'Custom'}
                      </Badge>
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {role.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{role.scope === 'agency' ? 'Agency' : 'Sub-account'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{role.permissions.length}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {!role.isBuiltin && can('roles:update') ? (
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() => setEditing({ mode: 'edit', role })}
                          disabled={!catalogue.data}
                        >
                          Edit
                        </Button>
                      ) : (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setEditing({ mode: 'view', role })}
                          disabled={!catalogue.data}
                        >
                          View
                        </Button>
                      )}
                      {!role.isBuiltin && can('roles:delete') && (
                        <ConfirmButton
                          message={`Delete the role “${role.name}”? Members holding it must be moved to another role first.`}
                          confirmLabel="Delete"
                          loading={remove.isPending && remove.variables?.id === role.id}
                          onConfirm={() => remove.mutate(role)}
                        >
                          Delete
                        </ConfirmButton>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && catalogue.data && (
        <RoleModal
          scope={scope}
          editing={editing}
          catalogue={catalogue.data}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}
