import {
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  MultiSelect,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { contactImportsApi, type ContactImport, type DuplicatePolicy } from '../api/contact-imports.api.ts';
import { IGNORE_COLUMN, IMPORTABLE_CONTACT_FIELDS } from '../api/schemas.ts';
import { useCustomFields, useTags } from '../modules/contacts/use-crm-lookups.ts';
import { formatDateTime } from '../ui/format.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { ErrorAlert } from '../ui/states.tsx';
import { contactKeys, tagKeys } from '../modules/contacts/contact.keys.ts';
import { contactImportKeys } from '../modules/contact-imports/contact-import.keys.ts';
import { AnchorLink, ButtonLink } from '../ui/links.tsx';

/** The contact fields a column can map to, as the API lists them; custom fields are `custom.<key>`. */
const STANDARD_FIELDS = Object.entries(IMPORTABLE_CONTACT_FIELDS).map(([value, label]) => ({ value, label }));
const IGNORE = IGNORE_COLUMN;

const POLICIES: { value: DuplicatePolicy; label: string; description: string }[] = [
  { value: 'skip', label: 'Skip', description: 'Keep the existing contact; the row is counted as skipped.' },
  { value: 'update', label: 'Update', description: 'Fill the existing contact with the row’s values.' },
  {
    value: 'create',
    label: 'Create anyway',
    description: 'Add a second contact with the same email or phone.',
  },
];

function ImportProgress({
  subAccountId,
  job,
  onFinished,
}: {
  subAccountId: string;
  job: ContactImport;
  onFinished: () => void;
}) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: contactImportKeys.detail(subAccountId, job.id),
    queryFn: () => contactImportsApi.get(subAccountId, job.id),
    initialData: job,
    refetchInterval: (q) =>
      ['completed', 'failed', 'cancelled'].includes(q.state.data?.status ?? '') ? false : 800,
  });
  const cur = query.data;
  const finished = ['completed', 'failed', 'cancelled'].includes(cur.status);
  useEffect(() => {
    if (!finished) return;
    onFinished();
    // Imports create contacts and, from a tags column, tags.
    void queryClient.invalidateQueries({ queryKey: contactKeys.lists(subAccountId) });
    void queryClient.invalidateQueries({ queryKey: tagKeys.all(subAccountId) });
    void queryClient.invalidateQueries({ queryKey: contactImportKeys.recent(subAccountId) });
  }, [finished, onFinished, queryClient, subAccountId]);
  const total = cur.totalRows ?? 0;
  const pct = total > 0 ? Math.min(100, Math.round((cur.processedRows / total) * 100)) : finished ? 100 : 0;
  return (
    <Stack data-testid="import-progress" data-status={cur.status}>
      <Group justify="space-between">
        <Text fw={500} data-testid="import-counts">
          {cur.processedRows.toLocaleString()} of {total.toLocaleString()} rows
          {cur.errorCount > 0 ? ` · ${cur.errorCount.toLocaleString()} errors` : ''}
        </Text>
        <Badge
          color={cur.status === 'completed' ? 'teal' : cur.status === 'failed' ? 'red' : 'blue'}
          variant="light"
        >
          {cur.status}
        </Badge>
      </Group>
      <Progress
        value={pct}
        size="lg"
        animated={!finished}
        color={cur.status === 'failed' ? 'red' : 'teal'}
        aria-label="Import progress"
      />
      <SimpleGrid cols={4}>
        {(
          [
            ['Created', cur.createdCount],
            ['Updated', cur.updatedCount],
            ['Skipped', cur.skippedCount],
            ['Errors', cur.errorCount],
          ] as const
        ).map(([label, n]) => (
          <Card key={label} withBorder p="sm">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {label}
            </Text>
            <Text fz={22} fw={700}>
              {n.toLocaleString()}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Group>
        {cur.errorCount > 0 && (
          <Button
            component="a"
            variant="light"
            color="red"
            href={contactImportsApi.errorReportUrl(subAccountId, cur.id)}
            download={`import-errors-${cur.id}.csv`}
            data-testid="error-report"
          >
            Download error report
          </Button>
        )}
        {finished && (
          <ButtonLink
            to="/sub-accounts/$subAccountId/contacts"
            params={{ subAccountId }}
            data-testid="import-done"
          >
            Go to contacts
          </ButtonLink>
        )}
      </Group>
    </Stack>
  );
}

/** Earlier imports of the sub-account, newest first, with their error reports. */
function ImportHistory({ subAccountId }: { subAccountId: string }) {
  const list = useQuery({
    queryKey: contactImportKeys.recent(subAccountId),
    queryFn: () => contactImportsApi.list(subAccountId, { limit: 10 }),
  });
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card withBorder mt="lg">
      <Text fw={600} mb="xs">
        Recent imports
      </Text>
      <Table data-testid="import-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Rows</Table.Th>
            <Table.Th>Created / updated / skipped</Table.Th>
            <Table.Th>Errors</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>
                <Text size="sm">{i.fileName}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(i.createdAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={i.status === 'completed' ? 'teal' : i.status === 'failed' ? 'red' : 'gray'}
                >
                  {i.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {i.processedRows.toLocaleString()} / {(i.totalRows ?? 0).toLocaleString()}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {i.createdCount.toLocaleString()} / {i.updatedCount.toLocaleString()} /{' '}
                  {i.skippedCount.toLocaleString()}
                </Text>
              </Table.Td>
              <Table.Td>
                {i.errorCount > 0 ? (
                  <Anchor href={contactImportsApi.errorReportUrl(subAccountId, i.id)} size="sm" c="red">
                    {i.errorCount.toLocaleString()} (report)
                  </Anchor>
                ) : (
                  <Text size="sm">0</Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

type Settings = { mapping: Record<string, string>; duplicatePolicy: DuplicatePolicy; tagIds: string[] };

/** Upload a CSV, map its columns, choose the duplicate policy, and watch it run. */
export function ContactImportPage({ subAccountId }: { subAccountId: string }) {
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<ContactImport | null>(null);
  // The mapping, duplicate and tag steps fill one form: the import's settings, sent before it starts.
  // The import schema is not importable here (see api/schemas.ts): the API checks it.
  const form = useForm<Settings>({
    initialValues: { mapping: {}, duplicatePolicy: 'skip', tagIds: [] },
  });
  const { mapping, duplicatePolicy: policy } = form.getValues();
  const { fields } = useCustomFields(subAccountId);
  const { tags } = useTags(subAccountId);
  // The stepper ticks its last step when the job ends.
  const onFinished = useCallback(() => setStep(4), []);

  const upload = useMutation({
    mutationFn: (f: File) => contactImportsApi.upload(subAccountId, f),
    onSuccess: (created) => {
      setJob(created);
      form.setValues({ mapping: created.mapping, duplicatePolicy: created.duplicatePolicy });
      setStep(1);
    },
  });
  const start = useMutation({
    mutationFn: async (settings: Settings) => {
      if (!job) throw new Error('Upload a file first.');
      await contactImportsApi.update(subAccountId, job.id, settings);
      return contactImportsApi.start(subAccountId, job.id);
    },
    onSuccess: (started) => {
      setJob(started);
      setStep(3);
    },
  });

  const targetOptions = [
    { group: 'Skip', items: [{ value: IGNORE, label: 'Do not import' }] },
    { group: 'Contact fields', items: STANDARD_FIELDS },
    ...(fields.length
      ? [{ group: 'Custom fields', items: fields.map((f) => ({ value: `custom.${f.key}`, label: f.name })) }]
      : []),
  ];
  const mappedCount = Object.values(mapping).filter((v) => v && v !== IGNORE).length;

  return (
    <>
      <AnchorLink to="/sub-accounts/$subAccountId/contacts" params={{ subAccountId }} size="sm">
        ← Contacts
      </AnchorLink>
      <PageHeader title="Import contacts" description="From a CSV file (UTF-8; commas, semicolons or tabs)" />
      <Card withBorder>
        <Stepper
          active={step}
          onStepClick={(s) => (s < step && step < 3 ? setStep(s) : undefined)}
          size="sm"
          mb="lg"
        >
          <Stepper.Step label="Upload" description={job ? job.fileName : 'Choose a file'} />
          <Stepper.Step
            label="Map columns"
            description={job ? `${mappedCount} of ${job.headers.length} mapped` : undefined}
          />
          <Stepper.Step label="Duplicates" description={POLICIES.find((p) => p.value === policy)?.label} />
          <Stepper.Step label="Import" />
        </Stepper>

        {step === 0 && (
          <Stack maw={520}>
            <ErrorAlert error={upload.error} title="Could not read the file" />
            <FileInput
              label="CSV file"
              placeholder="contacts.csv"
              accept=".csv,text/csv"
              value={file}
              onChange={setFile}
              clearable
              data-testid="import-file"
            />
            <Text size="xs" c="dimmed">
              The first row must hold column names. Rows with the same email or phone as an existing contact
              are duplicates; you choose what happens to them.
            </Text>
            <Group>
              <Button onClick={() => file && upload.mutate(file)} disabled={!file} loading={upload.isPending}>
                Upload
              </Button>
            </Group>
          </Stack>
        )}

        {step === 1 && job && (
          <Stack>
            <Text size="sm" c="dimmed">
              {job.totalRows === null ? '' : `${job.totalRows.toLocaleString()} rows. `}Suggested from the
              column names; change any that are wrong.
            </Text>
            <Table withTableBorder data-testid="import-mapping">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Column in the file</Table.Th>
                  <Table.Th>Imports into</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {job.headers.map((header) => (
                  <Table.Tr key={header}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {header}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Field for ${header}`}
                        data={targetOptions}
                        value={mapping[header] ?? IGNORE}
                        onChange={(v) => form.setFieldValue('mapping', { ...mapping, [header]: v ?? IGNORE })}
                        searchable
                        allowDeselect={false}
                        w={320}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group justify="flex-end">
              <Button onClick={() => setStep(2)} disabled={mappedCount === 0}>
                Next
              </Button>
            </Group>
          </Stack>
        )}

        {step === 2 && job && (
          <Stack maw={620}>
            <ErrorAlert error={start.error} title="Could not start the import" />
            <Radio.Group
              label="When a row matches an existing contact (same email or phone)"
              {...form.getInputProps('duplicatePolicy')}
            >
              <Stack gap="xs" mt="xs">
                {POLICIES.map((p) => (
                  <Radio key={p.value} value={p.value} label={p.label} description={p.description} />
                ))}
              </Stack>
            </Radio.Group>
            <MultiSelect
              label="Tag every imported contact (optional)"
              data={tags.map((t) => ({ value: t.id, label: t.name }))}
              {...form.getInputProps('tagIds')}
              searchable
              clearable
            />
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep(1)}>
                Back
              </Button>
              <Button
                onClick={() => start.mutate(form.getValues())}
                loading={start.isPending}
                data-testid="start-import"
              >
                Start import
              </Button>
            </Group>
          </Stack>
        )}

        {step >= 3 && job && <ImportProgress subAccountId={subAccountId} job={job} onFinished={onFinished} />}
      </Card>
      {step === 0 && <ImportHistory subAccountId={subAccountId} />}
    </>
  );
}
