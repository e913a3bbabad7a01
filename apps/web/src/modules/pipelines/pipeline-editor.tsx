import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import {
  pipelinesApi,
  type CreatePipelineInput,
  type Pipeline,
  type PipelineStage,
} from '../../api/pipelines.api.ts';
import {
  createPipelineBody,
  createStageBody,
  updatePipelineBody,
  updateStageBody,
} from '../../api/schemas.ts';
import { fieldNames, showApiErrors, validateAs } from '../../ui/api-form.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { fieldError } from '../../ui/form-error.tsx';
import { FormModal } from '../../ui/form-modal.tsx';
import { ErrorAlert } from '../../ui/states.tsx';
import { pipelineKeys } from './pipeline.keys.ts';
import { opportunityKeys } from '../opportunities/opportunity.keys.ts';

type StageDraft = { name: string; winProbability: number | ''; rottingDays: number | '' };

const DEFAULT_STAGES: StageDraft[] = [
  { name: 'New lead', winProbability: 10, rottingDays: '' },
  { name: 'Qualified', winProbability: 30, rottingDays: '' },
  { name: 'Proposal sent', winProbability: 60, rottingDays: '' },
  { name: 'Negotiation', winProbability: 80, rottingDays: '' },
];

const num = (v: number | string) => (v === '' ? '' : Number(v));

type NewPipeline = { name: string; stages: StageDraft[] };

const stageBody = (s: StageDraft) => ({
  name: s.name.trim(),
  winProbability: s.winProbability === '' ? undefined : s.winProbability,
  rottingDays: s.rottingDays === '' ? null : s.rottingDays,
});
const newPipelineBody = (v: NewPipeline): CreatePipelineInput => ({
  name: v.name.trim(),
  stages: v.stages.map(stageBody),
});

type NewStage = { name: string; winProbability: number | '' };
const newStageBody = (v: NewStage) => ({
  name: v.name.trim(),
  winProbability: v.winProbability === '' ? undefined : v.winProbability,
});
const renameBody = (v: { name: string }) => ({ name: v.name.trim() });

/** A new pipeline with its first stages, editable before it is created. */
export function CreatePipelineModal({
  subAccountId,
  onClose,
  onCreated,
}: {
  subAccountId: string;
  onClose: () => void;
  onCreated: (p: Pipeline) => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<NewPipeline>({
    initialValues: { name: '', stages: DEFAULT_STAGES },
    validate: validateAs(createPipelineBody, newPipelineBody),
  });
  const create = useMutation({
    mutationFn: (values: NewPipeline) => pipelinesApi.create(subAccountId, newPipelineBody(values)),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: pipelineKeys.list(subAccountId) });
      onCreated(p);
      onClose();
    },
    onError: (error) => showApiErrors(form, error),
  });
  const { name, stages } = form.getValues();
  return (
    <FormModal
      onClose={onClose}
      title="New pipeline"
      size="lg"
      onSubmit={form.onSubmit((values) => create.mutate(values))}
      error={create.error}
      fields={fieldNames(form.getValues())}
    >
      <TextInput
        label="Pipeline name"
        required
        data-autofocus
        placeholder="e.g. Sales"
        {...form.getInputProps('name')}
      />
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          Stages
        </Text>
        {stages.map((_, i) => (
          <Group
            key={form.key(`stages.${i}.name`)}
            gap="xs"
            wrap="nowrap"
            align="flex-start"
            data-testid="new-stage-row"
          >
            <TextInput
              aria-label={`Stage ${i + 1} name`}
              placeholder="Stage name"
              {...form.getInputProps(`stages.${i}.name`)}
              style={{ flex: 1 }}
            />
            <NumberInput
              aria-label={`Stage ${i + 1} win probability`}
              suffix="%"
              min={0}
              max={100}
              allowDecimal={false}
              {...form.getInputProps(`stages.${i}.winProbability`)}
              onChange={(v) => form.setFieldValue(`stages.${i}.winProbability`, num(v))}
              w={90}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={4}
              aria-label={`Remove stage ${i + 1}`}
              disabled={stages.length === 1}
              onClick={() => form.removeListItem('stages', i)}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="subtle"
            size="xs"
            onClick={() => form.insertListItem('stages', { name: '', winProbability: '', rottingDays: '' })}
          >
            + Add stage
          </Button>
        </Group>
      </Stack>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          loading={create.isPending}
          disabled={!name.trim() || stages.some((s) => !s.name.trim())}
        >
          Create pipeline
        </Button>
      </Group>
    </FormModal>
  );
}

function StageRow({
  subAccountId,
  pipeline,
  stage,
  index,
  canEdit,
  onMove,
  onRemove,
}: {
  subAccountId: string;
  pipeline: Pipeline;
  stage: PipelineStage;
  index: number;
  canEdit: boolean;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<StageDraft>({
    initialValues: {
      name: stage.name,
      winProbability: stage.winProbability,
      rottingDays: stage.rottingDays ?? '',
    },
    validate: validateAs(updateStageBody, stageBody),
  });
  const draft = form.getValues();
  const dirty =
    draft.name.trim() !== stage.name ||
    draft.winProbability !== stage.winProbability ||
    (draft.rottingDays === '' ? null : draft.rottingDays) !== stage.rottingDays;
  const save = useMutation({
    mutationFn: (values: StageDraft) =>
      pipelinesApi.updateStage(subAccountId, pipeline.id, stage.id, stageBody(values)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: pipelineKeys.list(subAccountId) });
      await queryClient.invalidateQueries({ queryKey: opportunityKeys.all(subAccountId) });
    },
    onError: (error) => showApiErrors(form, error),
  });
  const last = index === pipeline.stages.length - 1;
  return (
    <Table.Tr data-testid="stage-row" data-stage-name={stage.name}>
      <Table.Td w={70}>
        <Group gap={2} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label={`Move ${stage.name} up`}
            disabled={!canEdit || index === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label={`Move ${stage.name} down`}
            disabled={!canEdit || last}
            onClick={() => onMove(1)}
          >
            ↓
          </ActionIcon>
        </Group>
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`Name of ${stage.name}`}
          {...form.getInputProps('name')}
          disabled={!canEdit}
          size="sm"
        />
      </Table.Td>
      <Table.Td w={120}>
        <NumberInput
          aria-label={`Win probability of ${stage.name}`}
          suffix="%"
          min={0}
          max={100}
          allowDecimal={false}
          {...form.getInputProps('winProbability')}
          onChange={(v) => form.setFieldValue('winProbability', num(v))}
          disabled={!canEdit}
          size="sm"
        />
      </Table.Td>
      <Table.Td w={130}>
        <NumberInput
          aria-label={`Rotting days of ${stage.name}`}
          placeholder="Never"
          suffix=" days"
          min={1}
          allowDecimal={false}
          {...form.getInputProps('rottingDays')}
          onChange={(v) => form.setFieldValue('rottingDays', num(v))}
          disabled={!canEdit}
          size="sm"
        />
      </Table.Td>
      <Table.Td w={170}>
        {canEdit && (
          <Group gap={4} justify="flex-end" wrap="nowrap">
            {dirty && (
              <Button
                size="xs"
                loading={save.isPending}
                onClick={() => form.onSubmit((values) => save.mutate(values))()}
                disabled={!draft.name.trim()}
              >
                Save
              </Button>
            )}
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={onRemove}
              disabled={pipeline.stages.length === 1}
            >
              Remove
            </Button>
          </Group>
        )}
        {save.error && !fieldError(save.error, 'name') && (
          <Text size="xs" c="red">
            {save.error.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The API's 409 names its query parameter; people read how many opportunities are in the way. */
function inUseMessage(error: ApiError): string {
  const count = /(\d[\d,]*) opportunit/.exec(error.problem.detail ?? '')?.[1];
  return count
    ? `${count} opportunit${count === '1' ? 'y is' : 'ies are'} in this stage.`
    : 'Opportunities are in this stage.';
}

/**
 * Removing a stage: tried as is first; when the stage holds opportunities the API says so (409)
 * and this asks which stage they move to.
 */
function RemoveStageModal({
  subAccountId,
  pipeline,
  stage,
  onClose,
}: {
  subAccountId: string;
  pipeline: Pipeline;
  stage: PipelineStage;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [inUse, setInUse] = useState<string | null>(null);
  const others = pipeline.stages.filter((s) => s.id !== stage.id);
  const [target, setTarget] = useState<string | null>(others[0]?.id ?? null);
  const remove = useMutation({
    mutationFn: (moveToStageId?: string) =>
      pipelinesApi.removeStage(subAccountId, pipeline.id, stage.id, moveToStageId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: pipelineKeys.list(subAccountId) });
      await queryClient.invalidateQueries({ queryKey: opportunityKeys.all(subAccountId) });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setInUse(inUseMessage(error));
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Remove ${stage.name}?`} size={480}>
      <Stack>
        {inUse ? (
          <>
            <Alert
              color="orange"
              variant="light"
              title="This stage holds opportunities"
              data-testid="stage-in-use"
            >
              {inUse} Choose the stage they move to; their history keeps the move.
            </Alert>
            <Select
              label="Where do its opportunities go?"
              data={others.map((s) => ({ value: s.id, label: s.name }))}
              value={target}
              onChange={setTarget}
              allowDeselect={false}
              data-testid="move-to-stage"
            />
          </>
        ) : (
          <Text size="sm">
            The stage disappears from the board. Its history stays with the opportunities.
          </Text>
        )}
        {remove.error && !inUse && <ErrorAlert error={remove.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={remove.isPending}
            disabled={inUse !== null && !target}
            onClick={() => remove.mutate(inUse ? (target ?? undefined) : undefined)}
            data-testid="confirm-remove-stage"
          >
            {inUse ? 'Move and remove' : 'Remove stage'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** One pipeline's name and stages: add, rename, set probabilities and rotting ages, reorder, remove. */
export function PipelineEditor({
  subAccountId,
  pipeline,
  can,
  onDeleted,
}: {
  subAccountId: string;
  pipeline: Pipeline;
  can: Can;
  onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const canEdit = can('pipelines:update');
  const renameForm = useForm({
    initialValues: { name: pipeline.name },
    validate: validateAs(updatePipelineBody, renameBody),
  });
  const stageForm = useForm<NewStage>({
    initialValues: { name: '', winProbability: '' },
    validate: validateAs(createStageBody, newStageBody),
  });
  const name = renameForm.getValues().name;
  const [removing, setRemoving] = useState<PipelineStage | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: pipelineKeys.list(subAccountId) });
  const rename = useMutation({
    mutationFn: (values: { name: string }) =>
      pipelinesApi.update(subAccountId, pipeline.id, renameBody(values)),
    onSuccess: refresh,
    onError: (error) => showApiErrors(renameForm, error),
  });
  const addStage = useMutation({
    mutationFn: (values: NewStage) => pipelinesApi.addStage(subAccountId, pipeline.id, newStageBody(values)),
    onSuccess: async () => {
      stageForm.reset();
      await refresh();
    },
    onError: (error) => showApiErrors(stageForm, error),
  });
  const reorder = useMutation({
    mutationFn: (stageIds: string[]) => pipelinesApi.reorderStages(subAccountId, pipeline.id, stageIds),
    // The new order shows at once; the list reloads either way.
    onMutate: (stageIds) => {
      queryClient.setQueryData(pipelineKeys.list(subAccountId), (old: Pipeline[] | undefined) =>
        old?.map((p) =>
          p.id === pipeline.id
            ? {
                ...p,
                stages: stageIds.flatMap((id, position) => {
                  const s = p.stages.find((x) => x.id === id);
                  return s ? [{ ...s, position }] : [];
                }),
              }
            : p,
        ),
      );
    },
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => pipelinesApi.remove(subAccountId, pipeline.id),
    onSuccess: async () => {
      await refresh();
      onDeleted();
    },
  });
  const move = (index: number, delta: -1 | 1) => {
    const ids = pipeline.stages.map((s) => s.id);
    const [id] = ids.splice(index, 1);
    if (!id) return;
    ids.splice(index + delta, 0, id);
    reorder.mutate(ids);
  };

  return (
    <Card data-testid="pipeline-editor">
      <Stack>
        <Group align="flex-end" justify="space-between">
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Pipeline name"
              {...renameForm.getInputProps('name')}
              disabled={!canEdit}
              w={300}
            />
            {canEdit && name.trim() !== pipeline.name && (
              <Button
                onClick={() => renameForm.onSubmit((values) => rename.mutate(values))()}
                loading={rename.isPending}
                disabled={!name.trim()}
              >
                Rename
              </Button>
            )}
          </Group>
          {can('pipelines:delete') && (
            <ConfirmButton
              message={`Delete the pipeline “${pipeline.name}”? Only an empty pipeline can be deleted.`}
              confirmLabel="Delete"
              loading={remove.isPending}
              onConfirm={() => remove.mutate()}
            >
              Delete pipeline
            </ConfirmButton>
          )}
        </Group>
        <ErrorAlert error={remove.error} title="Could not delete the pipeline" />
        <ErrorAlert error={reorder.error} title="Could not reorder the stages" />
        <Table verticalSpacing="xs" highlightOnHover={false} data-testid="stages-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Order</Table.Th>
              <Table.Th>Stage</Table.Th>
              <Table.Th>
                <Tooltip label="Weighted totals count each card's value times this">
                  <span>Win probability</span>
                </Tooltip>
              </Table.Th>
              <Table.Th>
                <Tooltip label="Open cards that stay longer in the stage are flagged as rotting">
                  <span>Rotting after</span>
                </Tooltip>
              </Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pipeline.stages.map((stage, index) => (
              <StageRow
                key={`${stage.id}:${pipeline.updatedAt}:${stage.name}:${stage.winProbability}:${stage.rottingDays}`}
                subAccountId={subAccountId}
                pipeline={pipeline}
                stage={stage}
                index={index}
                canEdit={canEdit}
                onMove={(delta) => move(index, delta)}
                onRemove={() => setRemoving(stage)}
              />
            ))}
          </Table.Tbody>
        </Table>
        {canEdit && (
          <form noValidate onSubmit={stageForm.onSubmit((values) => addStage.mutate(values))}>
            <Group align="flex-start" gap="xs">
              <TextInput
                aria-label="New stage name"
                placeholder="New stage name"
                {...stageForm.getInputProps('name')}
                w={260}
              />
              <NumberInput
                aria-label="New stage win probability"
                placeholder="Win %"
                suffix="%"
                min={0}
                max={100}
                allowDecimal={false}
                {...stageForm.getInputProps('winProbability')}
                onChange={(v) => stageForm.setFieldValue('winProbability', num(v))}
                w={110}
              />
              <Button
                type="submit"
                variant="light"
                loading={addStage.isPending}
                disabled={!stageForm.getValues().name.trim()}
              >
                Add stage
              </Button>
            </Group>
          </form>
        )}
        {addStage.error &&
          !fieldError(addStage.error, 'name') &&
          !fieldError(addStage.error, 'winProbability') && (
            <ErrorAlert error={addStage.error} title="Could not add the stage" />
          )}
      </Stack>
      {removing && (
        <RemoveStageModal
          subAccountId={subAccountId}
          pipeline={pipeline}
          stage={removing}
          onClose={() => setRemoving(null)}
        />
      )}
    </Card>
  );
}
