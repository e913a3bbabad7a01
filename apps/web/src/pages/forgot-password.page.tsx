import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { authApi } from '../api/auth.api.ts';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { FormError, fieldError } from '../ui/form-error.tsx';
import { AnchorLink } from '../ui/links.tsx';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const reset = useMutation({ mutationFn: () => authApi.requestPasswordReset({ email: email.trim() }) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };

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
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormError error={reset.error} fields={['email']} />
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(reset.error, 'email')}
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
