import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import {
  agenciesApi,
  subAccountsApi,
  type CreateSubAccountInput,
  type SubAccount,
  type UpdateSubAccountInput,
} from '../../api/agencies.api.ts';
import { createSubAccountBody, updateSubAccountBody } from '../../api/schemas.ts';
import { orNull, showApiErrors, validateAs } from '../../ui/api-form.ts';
import { FormModal } from '../../ui/form-modal.tsx';
import { browserCountry, browserTimezone, countryOptions, timezoneOptions } from '../../ui/locale-options.ts';
import { sessionKeys } from '../../app/session.ts';
import { agencyKeys } from '../agencies/agency.keys.ts';
import { subAccountKeys } from './sub-account.keys.ts';

type Values = {
  name: string;
  timezone: string | null;
  defaultCountry: string | null;
  email: string;
  phone: string;
  website: string;
};
const FIELDS: (keyof Values)[] = ['name', 'timezone', 'defaultCountry', 'email', 'phone', 'website'];

const blank = (): Values => ({
  name: '',
  timezone: browserTimezone(),
  defaultCountry: browserCountry(),
  email: '',
  phone: '',
  website: '',
});

const valuesOf = (s: SubAccount): Values => ({
  name: s.name,
  timezone: s.timezone,
  defaultCountry: s.defaultCountry,
  email: s.email ?? '',
  phone: s.phone ?? '',
  website: s.website ?? '',
});

const createBody = (values: Values): CreateSubAccountInput => ({
  name: values.name.trim(),
  timezone: values.timezone ?? 'UTC',
  defaultCountry: values.defaultCountry ?? 'US',
  email: values.email.trim() || undefined,
  phone: values.phone.trim() || undefined,
  website: values.website.trim() || undefined,
});

/** Only the changed fields; a cleared email, phone or website is null, which removes it. */
const changesOf = (before: Values, values: Values): UpdateSubAccountInput => {
  const input: UpdateSubAccountInput = {};
  if (values.name.trim() !== before.name) input.name = values.name.trim();
  if (values.timezone && values.timezone !== before.timezone) input.timezone = values.timezone;
  if (values.defaultCountry && values.defaultCountry !== before.defaultCountry)
    input.defaultCountry = values.defaultCountry;
  if (values.email.trim() !== before.email) input.email = orNull(values.email);
  if (values.phone.trim() !== before.phone) input.phone = orNull(values.phone);
  if (values.website.trim() !== before.website) input.website = orNull(values.website);
  return input;
};

/** The business details both the create and the edit form ask for. */
function SubAccountFields({ form }: { form: UseFormReturnType<Values> }) {
  const zones = useMemo(timezoneOptions, []);
  const countries = useMemo(countryOptions, []);
  // A zone saved earlier stays selectable even if this browser does not list it.
  const timezone = form.getValues().timezone;
  const timezones = timezone && !zones.includes(timezone) ? [timezone, ...zones] : zones;
  return (
    <>
      <TextInput
        label="Business name"
        placeholder="Acme Dental"
        required
        data-autofocus
        {...form.getInputProps('name')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Timezone"
          required
          searchable
          data={timezones}
          {...form.getInputProps('timezone')}
          nothingFoundMessage="No such timezone"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Default country"
          required
          searchable
          data={countries}
          {...form.getInputProps('defaultCountry')}
          nothingFoundMessage="No such country"
        />
        <TextInput
          label="Email"
          type="email"
          placeholder="office@acme.example"
          {...form.getInputProps('email')}
        />
        <TextInput
          label="Phone"
          description="With country code, or local to the default country"
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          placeholder="+14155550123"
          {...form.getInputProps('phone')}
        />
      </SimpleGrid>
      <TextInput label="Website" placeholder="https://acme.example" {...form.getInputProps('website')} />
    </>
  );
}

export function NewSubAccountModal({
  agencyId,
  opened,
  onClose,
  onCreated,
}: {
  agencyId: string;
  opened: boolean;
  onClose: () => void;
  onCreated: (subAccount: SubAccount) => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: blank(),
    validate: validateAs(createSubAccountBody, createBody),
  });

  const create = useMutation({
    mutationFn: (values: Values) => agenciesApi.createSubAccount(agencyId, createBody(values)),
    onSuccess: async (subAccount) => {
      await queryClient.invalidateQueries({ queryKey: agencyKeys.subAccounts(agencyId) });
      const { timezone, defaultCountry } = form.getValues();
      form.setValues({ ...blank(), timezone, defaultCountry });
      create.reset();
      onCreated(subAccount);
    },
    onError: (error) => showApiErrors(form, error),
  });

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New sub-account"
      size="lg"
      onSubmit={form.onSubmit((values) => create.mutate(values))}
      error={create.error}
      fields={FIELDS}
    >
      <SubAccountFields form={form} />
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending} disabled={!form.getValues().name.trim()}>
          Create sub-account
        </Button>
      </Group>
    </FormModal>
  );
}

/**
 * Edits a sub-account's business details (settings:update). Only changed fields are sent; a
 * cleared email, phone or website is sent as null, which removes it. Mount it to open it: the
 * form starts from the sub-account as it is then.
 */
export function EditSubAccountModal({
  subAccount,
  onClose,
}: {
  subAccount: SubAccount;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const before = valuesOf(subAccount);
  const toBody = (values: Values) => changesOf(before, values);
  const form = useForm<Values>({ initialValues: before, validate: validateAs(updateSubAccountBody, toBody) });

  const save = useMutation({
    mutationFn: (values: Values) => subAccountsApi.update(subAccount.id, toBody(values)),
    onSuccess: async (updated) => {
      queryClient.setQueryData(subAccountKeys.detail(updated.id), updated);
      // The name also shows in the switcher, the agency's list and /auth/me's memberships.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: agencyKeys.subAccounts(updated.agencyId) }),
        queryClient.invalidateQueries({ queryKey: subAccountKeys.switcher() }),
        queryClient.invalidateQueries({ queryKey: sessionKeys.me() }),
      ]);
      onClose();
    },
    onError: (error) => showApiErrors(form, error),
  });

  return (
    <FormModal
      onClose={onClose}
      title="Edit details"
      size="lg"
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      error={save.error}
      fields={FIELDS}
    >
      <SubAccountFields form={form} />
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!form.getValues().name.trim()}>
          Save changes
        </Button>
      </Group>
    </FormModal>
  );
}
