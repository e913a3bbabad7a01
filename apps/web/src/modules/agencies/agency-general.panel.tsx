import {
  Alert,
  Box,
  Button,
  ColorInput,
  Divider,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { agenciesApi, type Agency, type UpdateAgencyInput, type WhiteLabel } from '../../api/agencies.api.ts';
import { updateAgencyBody } from '../../api/schemas.ts';
import { showApiErrors, validateAs } from '../../ui/api-form.ts';
import type { Can } from '../../app/permissions.ts';
import { FormError } from '../../ui/form-error.tsx';
import classes from '../../app/shell.module.css';
import { agencyKeys } from './agency.keys.ts';
import { sessionKeys } from '../../app/session.ts';

const FIELDS = ['name', 'brandName', 'logoUrl', 'primaryColor', 'supportEmail'];

const SWATCHES = [
  '#4c6ef5',
  '#228be6',
  '#15aabf',
  '#12b886',
  '#40c057',
  '#fab005',
  '#fd7e14',
  '#fa5252',
  '#be4bdb',
  '#212529',
];

type Values = { name: string } & Required<WhiteLabel>;

const valuesOf = (a: Agency): Values => ({
  name: a.name,
  brandName: a.whiteLabel.brandName ?? '',
  logoUrl: a.whiteLabel.logoUrl ?? '',
  primaryColor: a.whiteLabel.primaryColor ?? '',
  supportEmail: a.whiteLabel.supportEmail ?? '',
});

/** White-label fields left empty are left out: the API replaces `whiteLabel` as a whole. */
function whiteLabelOf(values: Values): WhiteLabel {
  const out: WhiteLabel = {};
  for (const key of ['brandName', 'logoUrl', 'primaryColor', 'supportEmail'] as const) {
    const value = values[key].trim();
    if (value) out[key] = value;
  }
  return out;
}

const toBody = (values: Values): UpdateAgencyInput => ({
  name: values.name.trim(),
  whiteLabel: whiteLabelOf(values),
});

/** The header's brand as it would look with these values. */
function BrandPreview({ values }: { values: Values }) {
  const name = values.brandName.trim() || 'OpenLevel';
  const color = /^#[0-9a-fA-F]{6}$/.test(values.primaryColor) ? values.primaryColor : undefined;
  return (
    <Box
      p="sm"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
      data-testid="brand-preview"
    >
      <Text size="xs" c="dimmed" mb={6}>
        Header preview
      </Text>
      <span className={classes.brand}>
        <span className={classes.logo} style={color ? { background: color } : undefined}>
          {name.charAt(0).toUpperCase()}
        </span>
        <span className={classes.brandName}>{name}</span>
      </span>
    </Box>
  );
}

/** The agency's name and white-label settings (agency:read to see, agency:update to change). */
export function AgencyGeneralPanel({ agency, can }: { agency: Agency; can: Can }) {
  const queryClient = useQueryClient();
  const readOnly = !can('agency:update');
  const form = useForm<Values>({
    initialValues: valuesOf(agency),
    validate: validateAs(updateAgencyBody, toBody),
    // "Saved" stays only until the next change.
    onValuesChange: () => {
      if (save.isSuccess) save.reset();
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => agenciesApi.update(agency.id, toBody(values)),
    onSuccess: async (updated) => {
      queryClient.setQueryData(agencyKeys.detail(updated.id), updated);
      form.setValues(valuesOf(updated));
      form.resetDirty();
      // The agency's name in the switcher and the navigation comes from /auth/me.
      await queryClient.invalidateQueries({ queryKey: sessionKeys.me() });
    },
    onError: (error) => showApiErrors(form, error),
  });
  const values = form.getValues();

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack maw={720}>
        <FormError error={save.error} fields={FIELDS} />
        {save.isSuccess && (
          <Alert color="teal" variant="light" data-testid="agency-saved">
            Agency settings saved.
          </Alert>
        )}
        <TextInput label="Agency name" required readOnly={readOnly} {...form.getInputProps('name')} />
        <Divider
          mt="xs"
          label={
            <Text size="sm" fw={600} c="dark">
              White label
            </Text>
          }
          labelPosition="left"
        />
        <Text size="sm" c="dimmed" mt={-8}>
          How the dashboard presents itself to your team and clients. Leave a field empty to use the OpenLevel
          default.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Brand name"
            placeholder="OpenLevel"
            readOnly={readOnly}
            {...form.getInputProps('brandName')}
          />
          <ColorInput
            label="Primary colour"
            placeholder="#4c6ef5"
            format="hex"
            fixOnBlur={false}
            swatches={SWATCHES}
            swatchesPerRow={10}
            readOnly={readOnly}
            {...form.getInputProps('primaryColor')}
          />
          <TextInput
            label="Logo URL"
            placeholder="https://example.com/logo.png"
            readOnly={readOnly}
            {...form.getInputProps('logoUrl')}
          />
          <TextInput
            label="Support email"
            type="email"
            placeholder="support@example.com"
            readOnly={readOnly}
            {...form.getInputProps('supportEmail')}
          />
        </SimpleGrid>
        <BrandPreview values={values} />
        {!readOnly && (
          <Group justify="flex-end">
            <Button
              variant="default"
              disabled={save.isPending}
              onClick={() => {
                form.setValues(valuesOf(agency));
                form.clearErrors();
                save.reset();
              }}
            >
              Reset
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!values.name.trim()}>
              Save changes
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
