import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { lostReasonsApi, type LostReason } from '../../api/pipelines.api.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { fieldError } from '../../ui/form-error.tsx';
import { EmptyState, ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { useLostReasons } from './use-pipelines.ts';
import { pipelineKeys } from './pipeline.keys.ts';

function ReasonRow({ subAccountId, reason, can }: { subAccountId: string; reason: LostReason; can: Can }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(reason.name);
  const refresh = () => queryClient.invalidateQueries({ queryKey: pipelineKeys.lostReasons(subAccountId) });
  const save = useMutation({
    mutationFn: () => lostReasonsApi.update(subAccountId, reason.id, { name: name.trim() }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => lostReasonsApi.remove(subAccountId, reason.id),
    onSuccess: refresh,
  });
  return (
    <Paper withBorder p="xs" data-testid="lost-reason">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <TextInput
          aria-label={`Lost reason ${reason.name}`}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(save.error, 'name') ?? (save.error ? save.error.message : undefined)}
          disabled={!can('pipelines:update')}
          style={{ flex: 1 }}
        />
        {name.trim() !== reason.name && (
          <Button size="sm" onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim()}>
            Save
          </Button>
        )}
        {can('pipelines:update') && (
          <ConfirmButton
            size="sm"
            message={`Delete “${reason.name}”? Lost opportunities keep no reason.`}
            confirmLabel="Delete"
            loading={remove.isPending}
            onConfirm={() => remove.mutate()}
          >
            Delete
          </ConfirmButton>
        )}
      </Group>
      <ErrorAlert error={remove.error} title="Could not delete" />
    </Paper>
  );
}

/** The sub-account's list of reasons a deal is lost, picked when an opportunity's status is lost. */
export function LostReasonsPanel({ subAccountId, can }: { subAccountId: string; can: Can }) {
  const queryClient = useQueryClient();
  const { reasons, loading } = useLostReasons(subAccountId);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => lostReasonsApi.create(subAccountId, { name: name.trim() }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: pipelineKeys.lostReasons(subAccountId) });
    },
  });
  return (
    <Stack maw={560}>
      <Text size="sm" c="dimmed">
        When an opportunity is marked lost, people pick one of these reasons.
      </Text>
      {can('pipelines:update') && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Group align="flex-start" gap="xs">
            <TextInput
              aria-label="New lost reason"
              placeholder="e.g. Price too high"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(create.error, 'name') ?? (create.error ? create.error.message : undefined)}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Add reason
            </Button>
          </Group>
        </form>
      )}
      {loading ? (
        <LoadingState />
      ) : reasons.length === 0 ? (
        <EmptyState title="No lost reasons yet" />
      ) : (
        reasons.map((r) => (
          <ReasonRow key={`${r.id}:${r.name}`} subAccountId={subAccountId} reason={r} can={can} />
        ))
      )}
    </Stack>
  );
}
