import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lostReasonsApi, type LostReason } from '../../api/pipelines.api.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { lostReasonBody, updateLostReasonBody } from '../../api/schemas.ts';
import { EmptyState, ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { useLostReasons } from './use-pipelines.ts';
import { pipelineKeys } from './pipeline.keys.ts';

type Values = { name: string };
const toBody = (values: Values) => ({ name: values.name.trim() });

/** A refusal that is not about the name (a duplicate, a permission), shown under the input too. */
const otherError = (error: unknown) =>
  error && !(error instanceof ApiError && error.fieldErrors.length > 0) ? errorMessage(error) : undefined;

function ReasonRow({ subAccountId, reason, can }: { subAccountId: string; reason: LostReason; can: Can }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: reason.name },
    validate: validateAs(updateLostReasonBody, toBody),
  });
  const name = form.getValues().name;
  const refresh = () => queryClient.invalidateQueries({ queryKey: pipelineKeys.lostReasons(subAccountId) });
  const save = useMutation({
    mutationFn: (values: Values) => lostReasonsApi.update(subAccountId, reason.id, toBody(values)),
    onSuccess: refresh,
    onError: (error) => showApiErrors(form, error),
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
          {...form.getInputProps('name')}
          error={form.errors.name ?? otherError(save.error)}
          disabled={!can('pipelines:update')}
          style={{ flex: 1 }}
        />
        {name.trim() !== reason.name && (
          <Button
            size="sm"
            onClick={() => form.onSubmit((values) => save.mutate(values))()}
            loading={save.isPending}
            disabled={!name.trim()}
          >
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
  const form = useForm({ initialValues: { name: '' }, validate: validateAs(lostReasonBody, toBody) });
  const create = useMutation({
    mutationFn: (values: Values) => lostReasonsApi.create(subAccountId, toBody(values)),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: pipelineKeys.lostReasons(subAccountId) });
    },
    onError: (error) => showApiErrors(form, error),
  });
  return (
    <Stack maw={560}>
      <Text size="sm" c="dimmed">
        When an opportunity is marked lost, people pick one of these reasons.
      </Text>
      {can('pipelines:update') && (
        <form noValidate onSubmit={form.onSubmit((values) => create.mutate(values))}>
          <Group align="flex-start" gap="xs">
            <TextInput
              aria-label="New lost reason"
              placeholder="e.g. Price too high"
              {...form.getInputProps('name')}
              error={form.errors.name ?? otherError(create.error)}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={create.isPending} disabled={!form.getValues().name.trim()}>
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
