import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { agenciesApi, subAccountsApi, type SubAccount } from '../../api/agencies.api.ts';
import { fieldError } from '../../ui/form-error.tsx';
import { FormModal } from '../../ui/form-modal.tsx';
import { browserCountry, browserTimezone, countryOptions, timezoneOptions } from '../../ui/locale-options.ts';
import { sessionKeys } from '../../app/session.ts';
import { agencyKeys } from '../agencies/agency.keys.ts';
import { subAccountKeys } from './sub-account.keys.ts';

const FIELDS = ['name', 'timezone', 'defaultCountry', 'email', 'phone', 'website'];

type Values = {
  name: string;
  timezone: string | null;
  country: string | null;
  email: string;
  phone: string;
  website: string;
};

const blank = (): Values => ({
  name: '',
  timezone: browserTimezone(),
  country: browserCountry(),
  email: '',
  phone: '',
  website: '',
});

const valuesOf = (s: SubAccount): Values => ({
  name: s.name,
  timezone: s.timezone,
  country: s.defaultCountry,
  email: s.email ?? '',
  phone: s.phone ?? '',
  website: s.website ?? '',
});

/** The business details both the create and the edit form ask for, with the API's field errors. */
function SubAccountFields({
  values,
  onChange,
  error,
}: {
  values: Values;
  onChange: (next: Values) => void;
  error: unknown;
}) {
  const zones = useMemo(timezoneOptions, []);
  const countries = useMemo(countryOptions, []);
  // A zone saved earlier stays selectable even if this browser does not list it.
  const timezones = values.timezone && !zones.includes(values.timezone) ? [values.timezone, ...zones] : zones;
  const set = (patch: Partial<Values>) => onChange({ ...values, ...patch });
  return (
    <>
      <TextInput
        label="Business name"
        placeholder="Acme Dental"
        required
        data-autofocus
        value={values.name}
        onChange={(e) => set({ name: e.currentTarget.value })}
        error={fieldError(error, 'name')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Timezone"
          required
          searchable
          data={timezones}
          value={values.timezone}
          onChange={(timezone) => set({ timezone })}
          error={fieldError(error, 'timezone')}
          nothingFoundMessage="No such timezone"
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Default country"
          required
          searchable
          data={countries}
          value={values.country}
          onChange={(country) => set({ country })}
          error={fieldError(error, 'defaultCountry')}
          nothingFoundMessage="No such country"
        />
        <TextInput
          label="Email"
          type="email"
          placeholder="office@acme.example"
          value={values.email}
          onChange={(e) => set({ email: e.currentTarget.value })}
          error={fieldError(error, 'email')}
        />
        <TextInput
          label="Phone"
          description="With country code, or local to the default country"
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          placeholder="+14155550123"
          value={values.phone}
          onChange={(e) => set({ phone: e.currentTarget.value })}
          error={fieldError(error, 'phone')}
        />
      </SimpleGrid>
      <TextInput
        label="Website"
        placeholder="https://acme.example"
        value={values.website}
        onChange={(e) => set({ website: e.currentTarget.value })}
        error={fieldError(error, 'website')}
      />
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
  const [values, setValues] = useState(blank);

  const create = useMutation({
    mutationFn: () =>
      agenciesApi.createSubAccount(agencyId, {
        name: values.name.trim(),
        timezone: values.timezone ?? 'UTC',
        defaultCountry: values.country ?? 'US',
        email: values.email.trim() || undefined,
        phone: values.phone.trim() || undefined,
        website: values.website.trim() || undefined,
      }),
    onSuccess: async (subAccount) => {
      await queryClient.invalidateQueries({ queryKey: agencyKeys.subAccounts(agencyId) });
      setValues((v) => ({ ...blank(), timezone: v.timezone, country: v.country }));
      create.reset();
      onCreated(subAccount);
    },
  });

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New sub-account"
      size="lg"
      onSubmit={() => create.mutate()}
      error={create.error}
      fields={FIELDS}
    >
      <SubAccountFields values={values} onChange={setValues} error={create.error} />
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={create.isPending} disabled={!values.name.trim()}>
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
  const [values, setValues] = useState(() => valuesOf(subAccount));

  const save = useMutation({
    mutationFn: () => {
      const before = valuesOf(subAccount);
      const optional = (v: string) => v.trim() || null;
      const input: Parameters<typeof subAccountsApi.update>[1] = {};
      if (values.name.trim() !== before.name) input.name = values.name.trim();
      if (values.timezone && values.timezone !== before.timezone) input.timezone = values.timezone;
      if (values.country && values.country !== before.country) input.defaultCountry = values.country;
      if (values.email.trim() !== before.email) input.email = optional(values.email);
      if (values.phone.trim() !== before.phone) input.phone = optional(values.phone);
      if (values.website.trim() !== before.website) input.website = optional(values.website);
      return subAccountsApi.update(subAccount.id, input);
    },
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
  });

  return (
    <FormModal
      onClose={onClose}
      title="Edit details"
      size="lg"
      onSubmit={() => save.mutate()}
      error={save.error}
      fields={FIELDS}
    >
      <SubAccountFields values={values} onChange={setValues} error={save.error} />
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending} disabled={!values.name.trim()}>
          Save changes
        </Button>
      </Group>
    </FormModal>
  );
}
