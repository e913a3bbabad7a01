import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { accessApi, type ApiKey } from '../../api/access.api.ts';
import { type Scope } from '../../api/scope.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { createApiKeyBody } from '../../api/schemas.ts';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { EmptyState, ErrorAlert, LoadMore, LoadingState } from '../../ui/states.tsx';
import { usePagedList } from '../../ui/use-paged-list.ts';
import { assignableRoles, roleOptions, useRoles } from './use-roles.ts';
import { accessKeys } from './access.keys.ts';

type Values = { name: string; roleId: string | null };
const toBody = (values: Values) => ({ name: values.name.trim(), roleId: values.roleId ?? '' });

function CreateApiKeyModal({
  scope,
  onClose,
  onCreated,
}: {
  scope: Scope;
  onClose: () => void;
  onCreated: (secret: string, key: ApiKey) => void;
}) {
  const roles = useRoles(scope);
  const options = roleOptions(assignableRoles(roles.data, scope));
  const form = useForm<Values>({
    initialValues: { name: '', roleId: null },
    validate: validateAs(createApiKeyBody, toBody),
  });
  const { name, roleId } = form.getValues();
  const create = useMutation({
    mutationFn: (values: Values) => accessApi.createApiKey(scope, toBody(values)),
    onSuccess: (result) => onCreated(result.secret, result.apiKey),
    onError: (error) => showApiErrors(form, error),
  });
  return (
    <Modal opened onClose={onClose} title="New API key">
      <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
        <Stack>
          <FormError error={create.error} fields={['name', 'roleId']} />
          <TextInput
            label="Name"
            description="Say what uses it, e.g. “Zapier” or “Website form”."
            required
            data-autofocus
            {...form.getInputProps('name')}
          />
          <Select
            label="Role"
            description="The key can do what this role can do, nothing more."
            required
            data={options}
            {...form.getInputProps('roleId')}
            placeholder={roles.isPending ? 'Loading roles…' : 'Choose a role'}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim() || !roleId}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function SecretModal({ secret, apiKey, onClose }: { secret: string; apiKey: ApiKey; onClose: () => void }) {
  return (
    <Modal
      opened
      onClose={onClose}
      title={`API key “${apiKey.name}” created`}
      closeOnClickOutside={false}
      size="lg"
    >
      <Stack>
        <Alert color="yellow" variant="light" title="Copy the key now">
          <Text size="sm">
            This is the only time the full key is shown. Store it in a secret manager; if you lose it, revoke
            it and create a new one.
          </Text>
        </Alert>
        <Group wrap="nowrap" align="center">
          <Code
            block
            style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
            data-testid="api-key-secret"
          >
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal' : 'indigo'} onClick={copy} w={96}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ApiKeysPanel({ scope, can }: { scope: Scope; can: Can }) {
  const queryClient = useQueryClient();
  const key = accessKeys.apiKeys(scope);
  const list = usePagedList(key, (cursor) => accessApi.apiKeys(scope, { cursor }));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ secret: string; apiKey: ApiKey } | null>(null);
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => accessApi.revokeApiKey(scope, k.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });

  return (
    <>
      <Group justify="space-between" mb="md">
        <Text size="sm" c="dimmed">
          Keys let other software call the OpenLevel API on behalf of this{' '}
          {scope.kind === 'agency' ? 'agency' : 'sub-account'}.
        </Text>
        {can('api_keys:create') && <Button onClick={() => setCreating(true)}>New API key</Button>}
      </Group>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <ErrorAlert error={revoke.error} title="Could not revoke the key" />
      {list.isPending ? (
        <LoadingState />
      ) : list.items.length === 0 ? (
        <EmptyState title="No API keys">Create a key to connect an integration.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={680}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((k) => (
                <Table.Tr key={k.id} style={k.revokedAt ? { opacity: 0.6 } : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {k.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{k.role.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={formatDateTime(k.lastUsedAt)}>
                      {k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'Never'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(k.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {k.revokedAt ? (
                      <Badge color="red" variant="light" title={formatDateTime(k.revokedAt)}>
                        Revoked
                      </Badge>
                    ) : (
                      can('api_keys:delete') && (
                        <ConfirmButton
                          message={`Revoke “${k.name}”? Anything using it stops working at once.`}
                          confirmLabel="Revoke"
                          loading={revoke.isPending && revoke.variables?.id === k.id}
                          onConfirm={() => revoke.mutate(k)}
                        >
                          Revoke
                        </ConfirmButton>
                      )
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
      />
      {creating && (
        <CreateApiKeyModal
          scope={scope}
          onClose={() => setCreating(false)}
          onCreated={(secret, apiKey) => {
            setCreating(false);
            setCreated({ secret, apiKey });
            void queryClient.invalidateQueries({ queryKey: key });
          }}
        />
      )}
      {created && (
        <SecretModal secret={created.secret} apiKey={created.apiKey} onClose={() => setCreated(null)} />
      )}
    </>
  );
}
