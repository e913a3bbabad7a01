import { Center } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { AgencyHomePage } from '../pages/agency-home.page.tsx';
import { AgencySettingsPage } from '../pages/agency-settings.page.tsx';
import { DevOutboxPage } from '../pages/dev-outbox.page.tsx';
import { ForgotPasswordPage } from '../pages/forgot-password.page.tsx';
import { InvitePage } from '../pages/invite.page.tsx';
import { LoginPage } from '../pages/login.page.tsx';
import { NoAccessPage, NotFoundPage } from '../pages/not-found.page.tsx';
import { ResetPasswordPage } from '../pages/reset-password.page.tsx';
import { SubAccountOverviewPage } from '../pages/sub-account-overview.page.tsx';
import { SubAccountSettingsPage } from '../pages/sub-account-settings.page.tsx';
import { ErrorBoundary } from '../ui/error-boundary.tsx';
import { ErrorAlert, LoadingState } from '../ui/states.tsx';
import { Redirect, useLocation, useRoutes, type Route } from './router.tsx';
import { homePath, useMe } from './session.ts';
import { Shell } from './shell.tsx';
import type { Me } from '../api/auth.api.ts';

// The CRM screens load on first visit: they double the bundle, and sign-in needs none of them.
const ContactsPage = lazy(() =>
  import('../pages/contacts.page.tsx').then((m) => ({ default: m.ContactsPage })),
);
const ContactPage = lazy(() => import('../pages/contact.page.tsx').then((m) => ({ default: m.ContactPage })));
const ContactImportPage = lazy(() =>
  import('../pages/contact-import.page.tsx').then((m) => ({ default: m.ContactImportPage })),
);
const OpportunitiesPage = lazy(() =>
  import('../pages/opportunities.page.tsx').then((m) => ({ default: m.OpportunitiesPage })),
);
const PipelineMetricsPage = lazy(() =>
  import('../pages/pipeline-metrics.page.tsx').then((m) => ({ default: m.PipelineMetricsPage })),
);
const PipelinesPage = lazy(() =>
  import('../pages/pipelines.page.tsx').then((m) => ({ default: m.PipelinesPage })),
);
const MyTasksPage = lazy(() =>
  import('../pages/my-tasks.page.tsx').then((m) => ({ default: m.MyTasksPage })),
);

const publicRoutes: Route[] = [
  { path: '/login', render: () => <LoginPage /> },
  { path: '/forgot-password', render: () => <ForgotPasswordPage /> },
  { path: '/reset-password/:token', render: (p) => <ResetPasswordPage token={p.token ?? ''} /> },
  { path: '/invite/:token', render: (p) => <InvitePage token={p.token ?? ''} /> },
];

function privateRoutes(me: Me): Route[] {
  return [
    { path: '/', render: () => <Redirect to={homePath(me)} /> },
    { path: '/no-access', render: () => <NoAccessPage /> },
    {
      path: '/agencies/:agencyId',
      render: (p) => <AgencyHomePage key={p.agencyId} agencyId={p.agencyId ?? ''} />,
    },
    {
      path: '/agencies/:agencyId/settings/:tab?',
      render: (p) => <AgencySettingsPage key={p.agencyId} agencyId={p.agencyId ?? ''} tab={p.tab} />,
    },
    {
      path: '/sub-accounts/:subAccountId',
      render: (p) => <SubAccountOverviewPage key={p.subAccountId} subAccountId={p.subAccountId ?? ''} />,
    },
    {
      path: '/sub-accounts/:subAccountId/settings/:tab?',
      render: (p) => (
        <SubAccountSettingsPage key={p.subAccountId} subAccountId={p.subAccountId ?? ''} tab={p.tab} />
      ),
    },
    {
      path: '/sub-accounts/:subAccountId/contacts',
      render: (p) => <ContactsPage key={p.subAccountId} subAccountId={p.subAccountId ?? ''} />,
    },
    // Before the contact route: "import" would otherwise read as a contact id.
    {
      path: '/sub-accounts/:subAccountId/contacts/import',
      render: (p) => <ContactImportPage key={p.subAccountId} subAccountId={p.subAccountId ?? ''} />,
    },
    {
      path: '/sub-accounts/:subAccountId/contacts/:contactId',
      render: (p) => (
        <ContactPage
          key={`${p.subAccountId}/${p.contactId}`}
          subAccountId={p.subAccountId ?? ''}
          contactId={p.contactId ?? ''}
        />
      ),
    },
    {
      path: '/sub-accounts/:subAccountId/tasks',
      render: (p) => <MyTasksPage key={p.subAccountId} subAccountId={p.subAccountId ?? ''} />,
    },
    {
      path: '/sub-accounts/:subAccountId/opportunities',
      render: (p) => <OpportunitiesPage key={p.subAccountId} subAccountId={p.subAccountId ?? ''} />,
    },
    {
      path: '/sub-accounts/:subAccountId/opportunities/metrics',
      render: (p) => <PipelineMetricsPage key={p.subAccountId} subAccountId={p.subAccountId ?? ''} />,
    },
    {
      path: '/sub-accounts/:subAccountId/pipelines',
      render: (p) => <PipelinesPage key={p.subAccountId} subAccountId={p.subAccountId ?? ''} />,
    },
    { path: '/dev/outbox/:messageId?', render: (p) => <DevOutboxPage messageId={p.messageId} /> },
  ];
}

function Private({ me }: { me: Me }): ReactNode {
  const { pathname } = useLocation();
  const page = useRoutes(privateRoutes(me), <NotFoundPage />);
  return (
    <Shell me={me}>
      <ErrorBoundary resetKey={pathname}>
        <Suspense fallback={<LoadingState />}>{page}</Suspense>
      </ErrorBoundary>
    </Shell>
  );
}

export function App() {
  const location = useLocation();
  const me = useMe();
  const publicPage = useRoutes(publicRoutes, null);
  if (publicPage) return publicPage;

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
  if (!me.data) {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname)}`;
    return <Redirect to={`/login${next}`} />;
  }
  return <Private me={me.data} />;
}
