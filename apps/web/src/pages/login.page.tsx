import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { authApi } from '../api/auth.api.ts';
import { homeLink, sessionKeys } from '../app/session.ts';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { FormError, fieldError } from '../ui/form-error.tsx';
import { AnchorLink } from '../ui/links.tsx';

/** Sign-in; `next` is where the visitor was going (a path of this dashboard). */
export function LoginPage({ next }: { next: string | undefined }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const login = useMutation({
    mutationFn: async () => {
      await authApi.login({ email: email.trim(), password });
      return authApi.me();
    },
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.me(), me);
      if (next && next.startsWith('/') && !next.startsWith('//'))
        void navigate({ href: next, replace: true });
      else void navigate({ ...homeLink(me), replace: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  return (
    <AuthLayout title="Sign in to OpenLevel" subtitle="Manage your agency and sub-accounts">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={login.error} fields={['email', 'password']} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={fieldError(login.error, 'email')}
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError(login.error, 'password')}
          />
          <Group justify="space-between" mt="xs">
            <AnchorLink to="/forgot-password" size="sm">
              Forgot password?
            </AnchorLink>
            <Button type="submit" loading={login.isPending}>
              Sign in
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthLayout>
  );
}
