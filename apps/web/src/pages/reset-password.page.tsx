import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { authApi } from '../api/auth.api.ts';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { FormError } from '../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../ui/api-form.ts';
import { passwordResetConfirmBody } from '../api/schemas.ts';
import { AnchorLink, ButtonLink } from '../ui/links.tsx';

type Values = { password: string; confirm: string };

export function ResetPasswordPage({ token }: { token: string }) {
  const toBody = (values: Values) => ({ token, password: values.password });
  const form = useForm<Values>({
    initialValues: { password: '', confirm: '' },
    validate: (values) => ({
      ...validateAs(passwordResetConfirmBody, toBody)(values),
      ...(values.password !== values.confirm ? { confirm: 'The two passwords differ.' } : {}),
    }),
  });
  const reset = useMutation({
    mutationFn: (values: Values) => authApi.confirmPasswordReset(toBody(values)),
    onError: (error) => showApiErrors(form, error),
  });

  return (
    <AuthLayout
      title="Choose a new password"
      footer={
        reset.isSuccess ? undefined : (
          <AnchorLink to="/login" size="sm">
            Back to sign in
          </AnchorLink>
        )
      }
    >
      {reset.isSuccess ? (
        <Stack>
          <Alert color="teal" variant="light" title="Password changed">
            <Text size="sm">Your password has been changed. Sign in with the new one.</Text>
          </Alert>
          <ButtonLink to="/login">Sign in</ButtonLink>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => reset.mutate(values))} noValidate>
          <Stack>
            <FormError error={reset.error} fields={['password']} />
            <PasswordInput
              label="New password"
              description="At least 8 characters."
              autoComplete="new-password"
              required
              autoFocus
              {...form.getInputProps('password')}
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={reset.isPending} disabled={!form.getValues().password}>
              Change password
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
