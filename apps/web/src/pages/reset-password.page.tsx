import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { authApi } from '../api/auth.api.ts';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { FormError, fieldError } from '../ui/form-error.tsx';
import { AnchorLink, ButtonLink } from '../ui/links.tsx';

export function ResetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const reset = useMutation({ mutationFn: () => authApi.confirmPasswordReset({ token, password }) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    reset.mutate();
  };

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
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormError error={reset.error} fields={['password']} />
            <PasswordInput
              label="New password"
              description="At least 8 characters."
              autoComplete="new-password"
              required
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldError(reset.error, 'password')}
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={mismatch ? 'The two passwords differ.' : undefined}
            />
            <Button type="submit" loading={reset.isPending} disabled={!password}>
              Change password
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
