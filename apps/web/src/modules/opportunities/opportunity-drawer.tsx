import {
  Alert,
  Autocomplete,
  Button,
  Drawer,
  Group,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import {
  opportunitiesApi,
  type Opportunity,
  type OpportunityStatus,
  type UpdateOpportunityInput,
} from '../../api/opportunities.api.ts';
import type { Pipeline } from '../../api/pipelines.api.ts';
import type { Can } from '../../app/permissions.ts';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { FormError } from '../../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorAlert, LoadingState } from '../../ui/states.tsx';
import { useAssignableUsers, useCustomFields } from '../contacts/use-crm-lookups.ts';
import { CustomFieldInput } from '../custom-fields/custom-field-input.tsx';
import { NotesPanel } from '../notes/notes.panel.tsx';
import { useLostReasons } from '../pipelines/use-pipelines.ts';
import { TasksPanel } from '../tasks/tasks.panel.tsx';
import { fromMinor, minorDigits, toMinor, updateOpportunityBody } from '../../api/schemas.ts';
import { COMMON_CURRENCIES } from './money.ts';
import { StatusBadge } from './opportunity-card.tsx';
import { OPPORTUNITY_STATUSES } from './opportunity-filters.tsx';
import { OpportunityHistoryPanel } from './opportunity-history.tsx';
import { opportunityKeys } from './opportunity.keys.ts';
import { AnchorLink } from '../../ui/links.tsx';

const FIELDS = [
  'name',
  'value',
  'currency',
  'pipelineId',
  'stageId',
  'status',
  'lostReasonId',
  'assignedUserId',
  'followerUserIds',
  'source',
  'expectedCloseDate',
  'customFields',
];

type Form = {
  name: string;
  value: number | '';
  currency: string;
  pipelineId: string;
  stageId: string;
  status: OpportunityStatus;
  lostReasonId: string | null;
  assignedUserId: string | null;
  followerUserIds: string[];
  source: string;
  expectedCloseDate: string;
  customFields: Record<string, unknown>;
};

function toForm(o: Opportunity): Form {
  return {
    name: o.name,
    value: fromMinor(o.monetaryValue, o.currency),
    currency: o.currency,
    pipelineId: o.pipelineId,
    stageId: o.stageId,
    status: o.status,
    lostReasonId: o.lostReasonId,
    assignedUserId: o.assignedUserId,
    followerUserIds: o.followerUserIds,
    source: o.source ?? '',
    expectedCloseDate: o.expectedCloseDate ?? '',
    customFields: o.customFields,
  };
}

/** Only what the form changed, so a save never rewrites a field someone else is editing. */
function changes(o: Opportunity, f: Form): UpdateOpportunityInput {
  const input: UpdateOpportunityInput = {};
  const currency = f.currency.trim().toUpperCase();
  if (f.name.trim() !== o.name) input.name = f.name.trim();
  const minor = f.value === '' ? 0 : toMinor(f.value, currency || o.currency);
  if (minor !== o.monetaryValue) input.monetaryValue = minor;
  if (currency !== o.currency) input.currency = currency;
  if (f.pipelineId !== o.pipelineId) input.pipelineId = f.pipelineId;
  if (f.stageId !== o.stageId) input.stageId = f.stageId;
  if (f.status !== o.status) input.status = f.status;
  const lostReasonId = f.status === 'lost' ? f.lostReasonId : null;
  if (lostReasonId !== o.lostReasonId) input.lostReasonId = lostReasonId;
  if (f.assignedUserId !== o.assignedUserId) input.assignedUserId = f.assignedUserId;
  if ([...f.followerUserIds].sort().join() !== [...o.followerUserIds].sort().join())
    input.followerUserIds = f.followerUserIds;
  if ((f.source.trim() || null) !== o.source) input.source = f.source.trim() || null;
  if ((f.expectedCloseDate || null) !== o.expectedCloseDate)
    input.expectedCloseDate = f.expectedCloseDate || null;
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(f.customFields))
    if (JSON.stringify(value) !== JSON.stringify(o.customFields[key])) custom[key] = value;
  if (Object.keys(custom).length > 0) input.customFields = custom;
  return input;
}

function DetailsForm({
  subAccountId,
  opportunity: o,
  pipelines,
  canEdit,
  onSaved,
  onReload,
}: {
  subAccountId: string;
  opportunity: Opportunity;
  pipelines: Pipeline[];
  canEdit: boolean;
  onSaved: (o: Opportunity) => void;
  onReload: () => void;
}) {
  const users = useAssignableUsers(subAccountId);
  const lostReasons = useLostReasons(subAccountId);
  const { fields } = useCustomFields(subAccountId, 'opportunity');
  // A custom field is in the form once it has a value; its errors find its input either way.
  const renamed = {
    monetaryValue: 'value',
    ...Object.fromEntries(fields.map((f) => [`customFields.${f.key}`, `customFields.${f.key}`])),
  };
  // Checked as the changes it will send, by the API's schema.
  const form = useForm<Form>({
    initialValues: toForm(o),
    validate: validateAs(updateOpportunityBody, (values: Form) => changes(o, values), renamed),
  });
  const draft = form.getValues();
  const set = (patch: Partial<Form>) => form.setValues(patch);
  const pipeline = pipelines.find((p) => p.id === draft.pipelineId);
  const save = useMutation({
    mutationFn: (values: Form) => opportunitiesApi.update(subAccountId, o.id, changes(o, values), o.version),
    onSuccess: onSaved,
    onError: (error) => showApiErrors(form, error, renamed),
  });
  const conflict = save.error instanceof ApiError && save.error.status === 412;
  const dirty = Object.keys(changes(o, draft)).length > 0;
  const digits = minorDigits(draft.currency.trim().toUpperCase() || o.currency);
  const errorOf = (field: keyof Form) => form.errors[field];

  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack gap="sm">
        {conflict ? (
          <Alert color="orange" variant="light" title="Someone else changed this opportunity" role="alert">
            <Stack gap="xs">
              <Text size="sm">
                It changed after you opened it, so your edits were not saved. Reload to see the current
                version, then make your changes again.
              </Text>
              <Group>
                <Button size="xs" variant="light" color="orange" onClick={onReload}>
                  Reload
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <FormError error={save.error} fields={FIELDS} />
        )}
        <TextInput
          label="Name"
          required
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={errorOf('name')}
          disabled={!canEdit}
        />
        <SimpleGrid cols={2}>
          <NumberInput
            label="Value"
            min={0}
            decimalScale={digits}
            fixedDecimalScale={digits > 0}
            thousandSeparator=","
            value={draft.value}
            onChange={(v) => set({ value: v === '' ? '' : Number(v) })}
            error={errorOf('value')}
            disabled={!canEdit}
          />
          <Autocomplete
            label="Currency"
            data={COMMON_CURRENCIES}
            value={draft.currency}
            onChange={(v) => set({ currency: v.toUpperCase() })}
            error={errorOf('currency')}
            disabled={!canEdit}
          />
          <Select
            label="Pipeline"
            data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
            value={draft.pipelineId}
            onChange={(v) => {
              const next = pipelines.find((p) => p.id === v);
              if (next) set({ pipelineId: next.id, stageId: next.stages[0]?.id ?? '' });
            }}
            allowDeselect={false}
            error={errorOf('pipelineId')}
            disabled={!canEdit}
          />
          <Select
            label="Stage"
            data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={draft.stageId}
            onChange={(v) => v && set({ stageId: v })}
            allowDeselect={false}
            error={errorOf('stageId')}
            disabled={!canEdit}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Status
          </Text>
          <SegmentedControl
            value={draft.status}
            onChange={(v) => set({ status: v as OpportunityStatus })}
            data={OPPORTUNITY_STATUSES.map(({ value, label }) => ({ value, label }))}
            disabled={!canEdit}
            aria-label="Status"
          />
          {errorOf('status') && (
            <Text size="xs" c="red">
              {errorOf('status')}
            </Text>
          )}
        </Stack>
        {draft.status === 'lost' && (
          <Select
            label="Lost reason"
            placeholder={lostReasons.reasons.length ? 'Why was it lost?' : 'No lost reasons set up yet'}
            data={lostReasons.reasons.map((r) => ({ value: r.id, label: r.name }))}
            value={draft.lostReasonId}
            onChange={(v) => set({ lostReasonId: v })}
            clearable
            error={errorOf('lostReasonId')}
            disabled={!canEdit}
          />
        )}
        <SimpleGrid cols={2}>
          <Select
            label="Assigned to"
            placeholder="Unassigned"
            data={users.options}
            value={draft.assignedUserId}
            onChange={(v) => set({ assignedUserId: v })}
            clearable
            searchable
            error={errorOf('assignedUserId')}
            disabled={!canEdit}
          />
          <TextInput
            label="Expected close"
            type="date"
            value={draft.expectedCloseDate}
            onChange={(e) => set({ expectedCloseDate: e.currentTarget.value })}
            error={errorOf('expectedCloseDate')}
            disabled={!canEdit}
          />
        </SimpleGrid>
        <MultiSelect
          label="Followers"
          data={users.options}
          value={draft.followerUserIds}
          onChange={(v) => set({ followerUserIds: v })}
          searchable
          error={errorOf('followerUserIds')}
          disabled={!canEdit}
        />
        <TextInput
          label="Source"
          placeholder="e.g. Website, Referral"
          value={draft.source}
          onChange={(e) => set({ source: e.currentTarget.value })}
          error={errorOf('source')}
          disabled={!canEdit}
        />
        {fields.map((field) => (
          <CustomFieldInput
            key={field.id}
            field={field}
            value={draft.customFields[field.key] ?? null}
            onChange={(value) => set({ customFields: { ...draft.customFields, [field.key]: value } })}
            error={form.errors[`customFields.${field.key}`]}
          />
        ))}
        {canEdit && (
          <Group justify="flex-end">
            <Button
              variant="default"
              disabled={!dirty}
              onClick={() => {
                form.setValues(toForm(o));
                form.clearErrors();
              }}
            >
              Discard
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!dirty || !draft.name.trim()}>
              Save
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** One opportunity at the side of the board or list: its fields, history, notes and tasks. */
export function OpportunityDrawer({
  subAccountId,
  opportunityId,
  pipelines,
  can,
  onClose,
}: {
  subAccountId: string;
  opportunityId: string | null;
  pipelines: Pipeline[];
  can: Can;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [deleted, setDeleted] = useState(false);
  const query = useQuery({
    queryKey: opportunityKeys.detail(subAccountId, opportunityId ?? ''),
    queryFn: () => opportunitiesApi.get(subAccountId, opportunityId ?? ''),
    enabled: opportunityId !== null && !deleted,
  });
  const refreshLists = () => queryClient.invalidateQueries({ queryKey: opportunityKeys.all(subAccountId) });
  const remove = useMutation({
    mutationFn: () => opportunitiesApi.remove(subAccountId, opportunityId ?? ''),
    onSuccess: async () => {
      setDeleted(true);
      await refreshLists();
    },
  });
  const restore = useMutation({
    mutationFn: () => opportunitiesApi.restore(subAccountId, opportunityId ?? ''),
    onSuccess: async () => {
      setDeleted(false);
      await refreshLists();
    },
  });
  const o = query.data;
  return (
    <Drawer
      opened={opportunityId !== null}
      onClose={onClose}
      position="right"
      size={560}
      title={
        o ? (
          <Group gap="xs">
            <Text fw={650} data-testid="drawer-title">
              {o.name}
            </Text>
            <StatusBadge status={o.status} />
          </Group>
        ) : (
          'Opportunity'
        )
      }
      data-testid="opportunity-drawer"
    >
      {deleted ? (
        <Alert color="gray" variant="light" title="Opportunity deleted" data-testid="opportunity-deleted">
          <Stack gap="xs">
            <Text size="sm">It no longer shows on the board or in lists.</Text>
            <ErrorAlert error={restore.error} title="Could not restore" />
            <Group>
              <Button size="xs" variant="light" loading={restore.isPending} onClick={() => restore.mutate()}>
                Restore
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="Could not open this opportunity" />
      ) : o ? (
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              Contact:{' '}
              <AnchorLink
                to="/sub-accounts/$subAccountId/contacts/$contactId"
                params={{ subAccountId, contactId: o.contact.id }}
              >
                {o.contact.name || o.contact.email || o.contact.phone || 'Unnamed contact'}
              </AnchorLink>
            </Text>
            {can('opportunities:delete') && (
              <ConfirmButton
                message={`Delete “${o.name}”? It can be restored.`}
                confirmLabel="Delete"
                loading={remove.isPending}
                onConfirm={() => remove.mutate()}
              >
                Delete
              </ConfirmButton>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            In this stage since {formatDateTime(o.stageEnteredAt)} · created {formatDateTime(o.createdAt)}
          </Text>
          <ErrorAlert error={remove.error} title="Could not delete" />
          <Tabs defaultValue="details" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="details">Details</Tabs.Tab>
              <Tabs.Tab value="history">History</Tabs.Tab>
              <Tabs.Tab value="notes">Notes</Tabs.Tab>
              <Tabs.Tab value="tasks">Tasks</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="details">
              <DetailsForm
                key={o.version}
                subAccountId={subAccountId}
                opportunity={o}
                pipelines={pipelines}
                canEdit={can('opportunities:update')}
                onSaved={(saved) => {
                  queryClient.setQueryData(opportunityKeys.detail(subAccountId, saved.id), saved);
                  void refreshLists();
                }}
                onReload={() => void query.refetch()}
              />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <OpportunityHistoryPanel
                subAccountId={subAccountId}
                opportunityId={o.id}
                currency={o.currency}
                version={o.version}
              />
            </Tabs.Panel>
            <Tabs.Panel value="notes">
              <NotesPanel
                subAccountId={subAccountId}
                contactId={o.contact.id}
                opportunityId={o.id}
                can={can}
              />
            </Tabs.Panel>
            <Tabs.Panel value="tasks">
              <TasksPanel
                subAccountId={subAccountId}
                contactId={o.contact.id}
                opportunityId={o.id}
                can={can}
              />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      ) : null}
    </Drawer>
  );
}
