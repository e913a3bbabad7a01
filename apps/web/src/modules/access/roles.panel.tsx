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
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { accessApi, type PermissionCatalogue, type Role, type RoleScope } from '../../api/access.api.ts';
import type { Scope } from '../../api/scope.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { createRoleBody, updateRoleBody } from '../../api/schemas.ts';
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

type Values = { name: string; description: string; scope: RoleScope; permissions: string[] };

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
  const toBody = (v: Values) => ({
    name: v.name.trim(),
    description: v.description.trim() || undefined,
    permissions: [...v.permissions].sort(),
    ...(role ? {} : { scope: v.scope }),
  });
  const form = useForm<Values>({
    initialValues: {
      name: role?.name ?? '',
      description: role?.description ?? '',
      scope: role?.scope ?? (scope.kind === 'agency' ? 'agency' : 'sub_account'),
      permissions: role?.permissions ?? [],
    },
    validate: validateAs(role ? updateRoleBody : createRoleBody, toBody),
  });
  const { name, scope: roleScope, permissions: granted } = form.getValues();
  const permissions = useMemo(() => new Set(granted), [granted]);
  // A refused permission is reported at its place in the list (`permissions.3`): shown under the matrix.
  const permissionsError = Object.entries(form.errors).find(
    ([path]) => path === 'permissions' || path.startsWith('permissions.'),
  )?.[1];
  const readOnly = editing.mode === 'view';

  const save = useMutation({
    mutationFn: (values: Values) => {
      const input = toBody(values);
      return role
        ? accessApi.updateRole(scope, role.id, input)
        : accessApi.createRole(scope, { ...input, scope: values.scope });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: accessKeys.roles(scope) });
      onClose();
    },
    onError: (error) => showApiErrors(form, error),
  });

  const title =
    editing.mode === 'create'
      ? 'New custom role'
      : editing.mode === 'edit'
        ? `Edit ${role?.name}`
        : role?.name;

  return (
    <Modal opened onClose={onClose} title={title} size="xl">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
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
                <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
                <Textarea label="Description" autosize minRows={1} {...form.getInputProps('description')} />
              </Group>
              {editing.mode === 'create' && scope.kind === 'agency' && (
                <Stack gap={4}>
                  <Text size="sm" fw={500}>
                    Level
                  </Text>
                  <SegmentedControl
                    w="fit-content"
                    {...form.getInputProps('scope')}
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
            onChange={(next) => form.setFieldValue('permissions', [...next])}
            readOnly={readOnly}
          />
          {permissionsError && (
            <Text c="red" size="sm">
              {permissionsError}
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
