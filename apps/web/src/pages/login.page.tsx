import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { authApi } from '../api/auth.api.ts';
import { homeLink, sessionKeys } from '../app/session.ts';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { FormError } from '../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../ui/api-form.ts';
import { loginBody } from '../api/schemas.ts';
import { AnchorLink } from '../ui/links.tsx';

type Values = { email: string; password: string };
const toBody = (values: Values) => ({ email: values.email.trim(), password: values.password });

/** Sign-in; `next` is where the visitor was going (a path of this dashboard). */
export function LoginPage({ next }: { next: string | undefined }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: validateAs(loginBody, toBody),
  });

  const login = useMutation({
    mutationFn: async (values: Values) => {
      await authApi.login(toBody(values));
      return authApi.me();
    },
    onError: (error) => showApiErrors(form, error),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.me(), me);
      if (next && next.startsWith('/') && !next.startsWith('//'))
        void navigate({ href: next, replace: true });
      else void navigate({ ...homeLink(me), replace: true });
    },
  });

  return (
    <AuthLayout title="Sign in to OpenLevel" subtitle="Manage your agency and sub-accounts">
      <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
        <Stack>
          <FormError error={login.error} fields={['email', 'password']} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
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
