import { Alert, Badge, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { ApiError } from '../api/client.ts';
import { authApi, type AcceptInvitationInput } from '../api/auth.api.ts';
import { homeLink, useMe, sessionKeys } from '../app/session.ts';
import { AuthLayout } from '../ui/auth-layout.tsx';
import { FormError } from '../ui/form-error.tsx';
import { showApiErrors, validateAs } from '../ui/api-form.ts';
import { acceptInvitationBody } from '../api/schemas.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadingState } from '../ui/states.tsx';
import { accessKeys } from '../modules/access/access.keys.ts';
import { AnchorLink } from '../ui/links.tsx';

type Values = { name: string; password: string };

export function InvitePage({ token }: { token: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const invitation = useQuery({
    queryKey: accessKeys.invitationPreview(token),
    queryFn: () => authApi.invitation(token),
    retry: false,
  });
  const session = useMe();
  const signedIn = session.data?.user;
  const invitedEmail = invitation.data?.email.toLowerCase();
  const signedInAsInvitee = Boolean(signedIn && signedIn.email.toLowerCase() === invitedEmail);

  // A session of someone else would make the API refuse the invitation: offer to end it first.
  const switchUser = useMutation({
    mutationFn: () => authApi.logout(),
    onSuccess: () => queryClient.setQueryData(sessionKeys.me(), null),
  });

  // Signed in as the invitee: nothing to ask. An existing account: its password. Else a new
  // account: a name and a password.
  const toBody = (values: Values): AcceptInvitationInput =>
    signedInAsInvitee
      ? {}
      : invitation.data?.userExists
        ? { password: values.password }
        : { name: values.name.trim(), password: values.password };
  const form = useForm<Values>({
    initialValues: { name: '', password: '' },
    validate: validateAs(acceptInvitationBody, toBody),
  });
  const accept = useMutation({
    mutationFn: async (values: Values) => {
      await authApi.acceptInvitation(token, toBody(values));
      return authApi.me();
    },
    onError: (error) => showApiErrors(form, error),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(sessionKeys.me(), me);
      void navigate({ ...homeLink(me), replace: true });
    },
  });

  if (invitation.isPending || session.isPending) {
    return (
      <AuthLayout title="Your invitation">
        <LoadingState />
      </AuthLayout>
    );
  }
  if (invitation.isError || !invitation.data) {
    const gone = invitation.error instanceof ApiError && [404, 410].includes(invitation.error.status);
    return (
      <AuthLayout
        title="Invitation not available"
        footer={
          <AnchorLink to="/login" size="sm">
            Go to sign in
          </AnchorLink>
        }
      >
        <Alert color="orange" variant="light">
          <Text size="sm">
            {gone
              ? 'This invitation link is invalid, has expired or was revoked. Ask whoever invited you to send a new one.'
              : (invitation.error?.message ?? 'The invitation could not be loaded.')}
          </Text>
        </Alert>
      </AuthLayout>
    );
  }

  const inv = invitation.data;
  const where = inv.subAccountName ? `${inv.subAccountName} (${inv.agencyName})` : inv.agencyName;
  const { name, password } = form.getValues();

  return (
    <AuthLayout
      title={`Join ${inv.subAccountName ?? inv.agencyName}`}
      subtitle={`You were invited as ${inv.email}`}
    >
      <form onSubmit={form.onSubmit((values) => accept.mutate(values))} noValidate>
        <Stack>
          <Stack gap={6} p="sm" bg="gray.0" style={{ borderRadius: 8 }}>
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {inv.subAccountName ? 'Sub-account' : 'Agency'}
              </Text>
              <Text size="sm" fw={500} ta="right" data-testid="invite-where">
                {where}
              </Text>
            </Group>
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                Role
              </Text>
              <Badge variant="light">{inv.roleName}</Badge>
            </Group>
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                Expires
              </Text>
              <Text size="sm">{formatDateTime(inv.expiresAt)}</Text>
            </Group>
          </Stack>
          <FormError error={accept.error} fields={['name', 'password']} />
          {signedIn && !signedInAsInvitee ? (
            <Alert
              color="yellow"
              variant="light"
              title={`You are signed in as ${signedIn.email}`}
              data-testid="invite-other-user"
            >
              <Stack gap="xs">
                <Text size="sm">
                  This invitation is for {inv.email}. Log out to accept it as that person.
                </Text>
                <Button
                  size="xs"
                  variant="white"
                  color="dark"
                  w="fit-content"
                  loading={switchUser.isPending}
                  onClick={() => switchUser.mutate()}
                >
                  Log out and continue
                </Button>
              </Stack>
            </Alert>
          ) : signedInAsInvitee ? (
            <Text size="sm" c="dimmed">
              You are signed in as {inv.email}. Accept to add this workspace to your account.
            </Text>
          ) : inv.userExists ? (
            <>
              <Text size="sm" c="dimmed">
                You already have an OpenLevel account for {inv.email}. Enter its password to accept.
              </Text>
              <PasswordInput
                label="Password"
                required
                autoFocus
                autoComplete="current-password"
                {...form.getInputProps('password')}
              />
              <AnchorLink to="/forgot-password" size="sm">
                Forgot your password?
              </AnchorLink>
            </>
          ) : (
            <>
              <TextInput
                label="Your name"
                required
                autoFocus
                autoComplete="name"
                {...form.getInputProps('name')}
              />
              <PasswordInput
                label="Choose a password"
                description="At least 8 characters."
                required
                autoComplete="new-password"
                {...form.getInputProps('password')}
              />
            </>
          )}
          {(!signedIn || signedInAsInvitee) && (
            <Button
              type="submit"
              loading={accept.isPending}
              disabled={!signedInAsInvitee && (!password || (!inv.userExists && !name.trim()))}
            >
              Accept invitation
            </Button>
          )}
        </Stack>
      </form>
    </AuthLayout>
  );
}
