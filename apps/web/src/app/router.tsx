/**
 * The route tree (TanStack Router, code-based): every URL the dashboard answers, with typed path
 * params and validated search params. Routes read the URL and hand plain props to their page;
 * pages do not parse URLs. The API serves index.html for any unknown non-/api path, so these are
 * real paths: emailed links (/invite/<token>, /reset-password/<token>) land here.
 */
import {
  createRootRoute,
  createRoute,
  createRouter,
  Navigate,
  Outlet,
  useNavigate,
} from '@tanstack/react-router';
import { lazy, type ReactNode } from 'react';
import { z } from 'zod';
import { ForgotPasswordPage } from '../pages/forgot-password.page.tsx';
import { InvitePage } from '../pages/invite.page.tsx';
import { LoginPage } from '../pages/login.page.tsx';
import { NoAccessPage, NotFoundPage } from '../pages/not-found.page.tsx';
import { ResetPasswordPage } from '../pages/reset-password.page.tsx';
import { homeLink, useMe } from './session.ts';
import { SignedIn } from './signed-in.tsx';

// Every signed-in screen loads on first visit: sign-in, password reset and invitations need none
// of them.
const AgencyHomePage = lazy(() =>
  import('../pages/agency-home.page.tsx').then((m) => ({ default: m.AgencyHomePage })),
);
const DevOutboxPage = lazy(() =>
  import('../pages/dev-outbox.page.tsx').then((m) => ({ default: m.DevOutboxPage })),
);
const SubAccountOverviewPage = lazy(() =>
  import('../pages/sub-account-overview.page.tsx').then((m) => ({ default: m.SubAccountOverviewPage })),
);
const AgencySettingsPage = lazy(() =>
  import('../pages/agency-settings.page.tsx').then((m) => ({ default: m.AgencySettingsPage })),
);
const SubAccountSettingsPage = lazy(() =>
  import('../pages/sub-account-settings.page.tsx').then((m) => ({ default: m.SubAccountSettingsPage })),
);
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

// Search params: anything unexpected in the URL reads as absent rather than failing the page.
const optional = z.string().optional().catch(undefined);
const loginSearch = z.object({ next: optional });
const opportunitiesSearch = z.object({
  pipeline: optional,
  view: z.enum(['board', 'list']).optional().catch(undefined),
  /** Opens that opportunity's drawer (links from a contact). */
  opportunity: optional,
});
const metricsSearch = z.object({ pipeline: optional });
const pipelinesSearch = z.object({
  pipeline: optional,
  tab: z.enum(['pipelines', 'lost-reasons']).optional().catch(undefined),
});
export type OpportunitiesSearch = z.infer<typeof opportunitiesSearch>;
export type PipelinesSearch = z.infer<typeof pipelinesSearch>;

const rootRoute = createRootRoute({
  component: Outlet,
  // Unknown paths are a signed-in page: visitors without a session are sent to sign in first.
  notFoundComponent: () => (
    <SignedIn>
      <NotFoundPage />
    </SignedIn>
  ),
});

// ---- Public: sign-in, password reset, invitations (with or without a session) ----------------

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: loginSearch,
  component: function Login(): ReactNode {
    return <LoginPage next={loginRoute.useSearch().next} />;
  },
});
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: ForgotPasswordPage,
});
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password/$token',
  component: function ResetPassword(): ReactNode {
    return <ResetPasswordPage token={resetPasswordRoute.useParams().token} />;
  },
});
const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: function Invite(): ReactNode {
    return <InvitePage token={inviteRoute.useParams().token} />;
  },
});

// ---- Signed in: inside the shell ---------------------------------------------------------------
// Pages get a `key` of their tenant (and record): moving to another sub-account starts the page
// afresh instead of carrying one tenant's local state into the next.

const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  component: function SignedInLayout(): ReactNode {
    return (
      <SignedIn>
        <Outlet />
      </SignedIn>
    );
  },
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  component: function Home(): ReactNode {
    const me = useMe().data;
    return me ? <Navigate {...homeLink(me)} replace /> : null;
  },
});
const noAccessRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/no-access',
  component: NoAccessPage,
});

const agencyRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/agencies/$agencyId',
  component: function AgencyHome(): ReactNode {
    const { agencyId } = agencyRoute.useParams();
    return <AgencyHomePage key={agencyId} agencyId={agencyId} />;
  },
});
const agencySettingsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/agencies/$agencyId/settings/{-$tab}',
  component: function AgencySettings(): ReactNode {
    const { agencyId, tab } = agencySettingsRoute.useParams();
    const navigate = useNavigate();
    return (
      <AgencySettingsPage
        key={agencyId}
        agencyId={agencyId}
        tab={tab}
        onTabChange={(next) =>
          void navigate({ to: agencySettingsRoute.fullPath, params: { agencyId, tab: next }, replace: true })
        }
      />
    );
  },
});

const subAccountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId',
  component: function SubAccountOverview(): ReactNode {
    const { subAccountId } = subAccountRoute.useParams();
    return <SubAccountOverviewPage key={subAccountId} subAccountId={subAccountId} />;
  },
});
const subAccountSettingsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId/settings/{-$tab}',
  component: function SubAccountSettings(): ReactNode {
    const { subAccountId, tab } = subAccountSettingsRoute.useParams();
    const navigate = useNavigate();
    return (
      <SubAccountSettingsPage
        key={subAccountId}
        subAccountId={subAccountId}
        tab={tab}
        onTabChange={(next) =>
          void navigate({
            to: subAccountSettingsRoute.fullPath,
            params: { subAccountId, tab: next },
            replace: true,
          })
        }
      />
    );
  },
});
const contactsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId/contacts',
  component: function Contacts(): ReactNode {
    const { subAccountId } = contactsRoute.useParams();
    return <ContactsPage key={subAccountId} subAccountId={subAccountId} />;
  },
});
// "import" outranks the contact id below: a static segment beats a param.
const contactImportRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId/contacts/import',
  component: function ContactImport(): ReactNode {
    const { subAccountId } = contactImportRoute.useParams();
    return <ContactImportPage key={subAccountId} subAccountId={subAccountId} />;
  },
});
const contactRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId/contacts/$contactId',
  component: function Contact(): ReactNode {
    const { subAccountId, contactId } = contactRoute.useParams();
    return (
      <ContactPage key={`${subAccountId}/${contactId}`} subAccountId={subAccountId} contactId={contactId} />
    );
  },
});
const myTasksRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId/tasks',
  component: function MyTasks(): ReactNode {
    const { subAccountId } = myTasksRoute.useParams();
    return <MyTasksPage key={subAccountId} subAccountId={subAccountId} />;
  },
});
const opportunitiesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId/opportunities',
  validateSearch: opportunitiesSearch,
  component: function Opportunities(): ReactNode {
    const { subAccountId } = opportunitiesRoute.useParams();
    const search = opportunitiesRoute.useSearch();
    const navigate = opportunitiesRoute.useNavigate();
    return (
      <OpportunitiesPage
        key={subAccountId}
        subAccountId={subAccountId}
        search={search}
        onSearchChange={(patch) =>
          void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: true })
        }
      />
    );
  },
});
const pipelineMetricsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId/opportunities/metrics',
  validateSearch: metricsSearch,
  component: function PipelineMetrics(): ReactNode {
    const { subAccountId } = pipelineMetricsRoute.useParams();
    const { pipeline } = pipelineMetricsRoute.useSearch();
    const navigate = pipelineMetricsRoute.useNavigate();
    return (
      <PipelineMetricsPage
        key={subAccountId}
        subAccountId={subAccountId}
        pipelineId={pipeline}
        onPipelineChange={(id) => void navigate({ search: { pipeline: id }, replace: true })}
      />
    );
  },
});
const pipelinesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/sub-accounts/$subAccountId/pipelines',
  validateSearch: pipelinesSearch,
  component: function Pipelines(): ReactNode {
    const { subAccountId } = pipelinesRoute.useParams();
    const search = pipelinesRoute.useSearch();
    const navigate = pipelinesRoute.useNavigate();
    return (
      <PipelinesPage
        key={subAccountId}
        subAccountId={subAccountId}
        search={search}
        onSearchChange={(next) => void navigate({ search: next, replace: true })}
      />
    );
  },
});
const devOutboxRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/dev/outbox/{-$messageId}',
  component: function DevOutbox(): ReactNode {
    return <DevOutboxPage messageId={devOutboxRoute.useParams().messageId} />;
  },
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  inviteRoute,
  signedInRoute.addChildren([
    homeRoute,
    noAccessRoute,
    agencyRoute,
    agencySettingsRoute,
    subAccountRoute,
    subAccountSettingsRoute,
    contactsRoute,
    contactImportRoute,
    contactRoute,
    myTasksRoute,
    opportunitiesRoute,
    pipelineMetricsRoute,
    pipelinesRoute,
    devOutboxRoute,
  ]),
]);

// Every unknown path gets the root's "Page not found" (inside the shell), wherever it points.
export const router = createRouter({ routeTree, notFoundMode: 'root' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
