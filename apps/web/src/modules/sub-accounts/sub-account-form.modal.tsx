import { Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { agenciesApi, type SubAccount } from '../../api/agencies.api.ts';
import { FormError, fieldError } from '../../ui/form-error.tsx';
import { browserCountry, browserTimezone, countryOptions, timezoneOptions } from '../../ui/locale-options.ts';

const FIELDS = ['name', 'timezone', 'defaultCountry', 'email', 'phone', 'website'];

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
  const timezones = useMemo(timezoneOptions, []);
  const countries = useMemo(countryOptions, []);
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState<string | null>(browserTimezone());
  const [country, setCountry] = useState<string | null>(browserCountry());
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [website, setWebsite] = useState('');

  const create = useMutation({
    mutationFn: () =>
      agenciesApi.createSubAccount(agencyId, {
        name: name.trim(),
        timezone: timezone ?? 'UTC',
        defaultCountry: country ?? 'US',
        email: email.trim() || undefined,
        phone: phone.trim() || undefined,
        website: website.trim() || undefined,
      }),
    onSuccess: async (subAccount) => {
      await queryClient.invalidateQueries({ queryKey: ['agency', agencyId, 'sub-accounts'] });
      setName('');
      setEmail('');
      setPhone('');
      setWebsite('');
      create.reset();
      onCreated(subAccount);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Modal opened={opened} onClose={onClose} title="New sub-account" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={create.error} fields={FIELDS} />
          <TextInput
            label="Business name"
            placeholder="Acme Dental"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(create.error, 'name')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Timezone"
              required
              searchable
              data={timezones}
              value={timezone}
              onChange={setTimezone}
              error={fieldError(create.error, 'timezone')}
              nothingFoundMessage="No such timezone"
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label="Default country"
              required
              searchable
              data={countries}
              value={country}
              onChange={setCountry}
              error={fieldError(create.error, 'defaultCountry')}
              nothingFoundMessage="No such country"
            />
            <TextInput
              label="Email"
              type="email"
              placeholder="office@acme.example"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(create.error, 'email')}
            />
            <TextInput
              label="Phone"
              description="With country code, or local to the default country"
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              placeholder="+14155550123"
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              error={fieldError(create.error, 'phone')}
            />
          </SimpleGrid>
          <TextInput
            label="Website"
            placeholder="https://acme.example"
            value={website}
            onChange={(e) => setWebsite(e.currentTarget.value)}
            error={fieldError(create.error, 'website')}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create sub-account
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
