import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { authApi } from '../api/auth.api.ts';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { FormError } from '../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../ui/api-form.ts';
import { passwordResetBody } from '../api/schemas.ts';
import { AnchorLink } from '../ui/links.tsx';

const toBody = (values: { email: string }) => ({ email: values.email.trim() });

export function ForgotPasswordPage() {
  const form = useForm({ initialValues: { email: '' }, validate: validateAs(passwordResetBody, toBody) });
  const reset = useMutation({
    mutationFn: (values: { email: string }) => authApi.requestPasswordReset(toBody(values)),
    onError: (error) => showApiErrors(form, error),
  });
  const email = form.getValues().email;

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="We will email you a link to choose a new one."
      footer={
        <AnchorLink to="/login" size="sm">
          Back to sign in
        </AnchorLink>
      }
    >
      {reset.isSuccess ? (
        <Alert color="teal" variant="light" title="Check your email">
          <Text size="sm">
            If an account exists for <b>{email.trim()}</b>, a reset link is on its way. The link expires soon,
            so use it within the hour.
          </Text>
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((values) => reset.mutate(values))} noValidate>
          <Stack>
            <FormError error={reset.error} fields={['email']} />
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={reset.isPending} disabled={!email.trim()}>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
