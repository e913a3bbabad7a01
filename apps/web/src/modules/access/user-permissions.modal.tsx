import { Alert, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { accessApi, type Membership, type PermissionCatalogue } from '../../api/access.api.ts';
import { type Scope } from '../../api/scope.ts';
import { FormError } from '../../ui/form-error.tsx';
import { ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { MatrixLegend, PermissionMatrix } from './permission-matrix.tsx';
import { useRoles } from './use-roles.ts';
import { accessKeys } from './access.keys.ts';

/** Per-person permissions apply inside a sub-account: the agency-only resources are left out. */
function subAccountCatalogue(catalogue: PermissionCatalogue): PermissionCatalogue {
  return { ...catalogue, resources: catalogue.resources.filter((r) => r.scope === 'sub_account') };
}

const sorted = (permissions: Iterable<string>) => [...permissions].sort();

/**
 * The grants and revocations that turn a role into what the person should have. Entries that do
 * not change anything under the current role (a revocation of something the role lacks, a grant
 * of something it has) are kept unless the box was changed, so they still apply if the role does.
 */
export function overridesFor(
  effective: Set<string>,
  role: Set<string>,
  before: { granted: string[]; revoked: string[] },
): { grantedPermissions: string[]; revokedPermissions: string[] } {
  const granted = new Set([...effective].filter((p) => !role.has(p)));
  for (const p of before.granted) if (role.has(p) && effective.has(p)) granted.add(p);
  const revoked = new Set([...role].filter((p) => !effective.has(p)));
  for (const p of before.revoked) if (!role.has(p) && !effective.has(p)) revoked.add(p);
  return { grantedPermissions: sorted(granted), revokedPermissions: sorted(revoked) };
}

function PermissionList({
  label,
  permissions,
  color,
}: {
  label: string;
  permissions: string[];
  color: string;
}) {
  return (
    <Group gap={6} align="center" wrap="wrap">
      <Text size="sm" fw={500} w={72}>
        {label}
      </Text>
      {permissions.length === 0 ? (
        <Text size="sm" c="dimmed">
          none
        </Text>
      ) : (
        permissions.map((p) => (
          <Badge key={p} size="sm" variant="light" color={color} tt="none">
            {p}
          </Badge>
        ))
      )}
    </Group>
  );
}

/**
 * A sub-account user's own permissions on top of their role: the matrix shows what they will be
 * able to do, and marks what differs from the role. The API refuses grants beyond the granter's
 * own permissions with a 403 that names them; it shows above the matrix.
 */
export function UserPermissionsModal({
  scope,
  membership,
  onClose,
}: {
  scope: Scope;
  membership: Membership;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const catalogue = useQuery({
    queryKey: accessKeys.permissions(),
    queryFn: accessApi.permissions,
    staleTime: Infinity,
  });
  const roles = useRoles(scope);
  const role = roles.data?.find((r) => r.id === membership.role.id);
  const rolePermissions = useMemo(() => new Set(role?.permissions ?? []), [role]);
  const [value, setValue] = useState<Set<string> | null>(null);
  // After "Reset to role" the earlier grants and revocations no longer count, even inert ones.
  const [reset, setReset] = useState(false);
  // What the membership gives now, as the API computes it (role, grants, revocations).
  const initial = useMemo(() => (role ? new Set(membership.permissions) : null), [role, membership]);
  const effective = value ?? initial;
  const before = reset
    ? { granted: [], revoked: [] }
    : { granted: membership.grantedPermissions, revoked: membership.revokedPermissions };
  const next = effective ? overridesFor(effective, rolePermissions, before) : null;

  const save = useMutation({
    mutationFn: () => accessApi.updateUser(scope, membership.id, next ?? {}),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: accessKeys.users(scope) });
      onClose();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  const who = membership.name || membership.email;
  const loading = catalogue.isPending || roles.isPending;

  return (
    <Modal opened onClose={onClose} title={`Permissions of ${who}`} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {who} has the <b>{membership.role.name}</b> role. Tick or clear boxes to grant or revoke single
            permissions for this person only; the role itself does not change.
          </Text>
          <FormError error={save.error} fields={[]} />
          <ErrorAlert error={catalogue.error ?? roles.error} title="Could not load the permissions" />
          {loading ? (
            <LoadingState />
          ) : !role || !effective || !catalogue.data ? (
            !roles.error &&
            !catalogue.error && (
              <Alert color="orange" variant="light">
                The role {membership.role.name} is not among this sub-account’s roles, so its permissions
                cannot be shown.
              </Alert>
            )
          ) : (
            <>
              <PermissionMatrix
                catalogue={subAccountCatalogue(catalogue.data)}
                value={effective}
                baseline={rolePermissions}
                onChange={(v) => {
                  setValue(v);
                  if (save.isError) save.reset();
                }}
              />
              <MatrixLegend />
              <Stack gap={6} data-testid="permission-overrides">
                <PermissionList label="Granted" permissions={next?.grantedPermissions ?? []} color="teal" />
                <PermissionList label="Revoked" permissions={next?.revokedPermissions ?? []} color="red" />
              </Stack>
            </>
          )}
          <Group justify="space-between">
            <Button
              variant="subtle"
              color="gray"
              disabled={
                !effective || (next?.grantedPermissions.length === 0 && next.revokedPermissions.length === 0)
              }
              onClick={() => {
                setValue(new Set(rolePermissions));
                setReset(true);
              }}
            >
              Reset to role
            </Button>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!next}>
                Save permissions
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
