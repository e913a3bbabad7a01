import { Center } from '@mantine/core';
import { useLocation, useNavigate } from '@tanstack/react-router';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '../ui/error-boundary.tsx';
import { ErrorAlert, LoadingState } from '../ui/states.tsx';
import { useMe } from './session.ts';
import { Shell } from './shell.tsx';

/**
 * Every page but sign-in, password reset and invitations: waits for the session, sends visitors
 * without one to /login (with `?next=` back here), and frames the page in the shell.
 */
export function SignedIn({ children }: { children: ReactNode }) {
  const pathname = useLocation({ select: (location) => location.pathname });
  const me = useMe();
  if (me.isPending) {
    return (
      <Center h="100vh">
        <LoadingState />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center h="100vh" p="xl">
        <ErrorAlert error={me.error} title="Could not load your session" onRetry={() => void me.refetch()} />
      </Center>
    );
  }
  if (!me.data) return <SignInFirst from={pathname} />;
  return (
    <Shell me={me.data}>
      <ErrorBoundary resetKey={pathname}>
        <Suspense fallback={<LoadingState />}>{children}</Suspense>
      </ErrorBoundary>
    </Shell>
  );
}

/**
 * Sends the visitor to /login, once, with the page they asked for. Once: the location changes to
 * /login while this page is still on screen, and a second redirect would make "/login" the next page.
 */
function SignInFirst({ from }: { from: string }) {
  const navigate = useNavigate();
  const [next] = useState(from);
  useEffect(() => {
    void navigate({ to: '/login', search: next === '/' ? {} : { next }, replace: true });
  }, [navigate, next]);
  return null;
}
