import { type ComponentType, lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppLayout } from './AppLayout';
import { NotFound, PageSpin, RequireAuth, RequirePage, RouteError } from './guards';
import type { PageKey } from './nav';

/** Each page is its own chunk, so the login page does not carry the roster's tables. */
function lazyPage<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  return lazy(async () => ({ default: pick(await load()) }));
}

const LoginPage = lazyPage(
  () => import('../features/auth/LoginPage'),
  (m) => m.LoginPage,
);
const HomePage = lazyPage(
  () => import('../features/auth/HomePage'),
  (m) => m.HomePage,
);
const AccountPage = lazyPage(
  () => import('../features/auth/AccountPage'),
  (m) => m.AccountPage,
);
const OrgPage = lazyPage(
  () => import('../features/org/OrgPage'),
  (m) => m.OrgPage,
);
const RosterPage = lazyPage(
  () => import('../features/people/RosterPage'),
  (m) => m.RosterPage,
);
const UsersPage = lazyPage(
  () => import('../features/users/UsersPage'),
  (m) => m.UsersPage,
);
const AuditPage = lazyPage(
  () => import('../features/audit/AuditPage'),
  (m) => m.AuditPage,
);
const HallsPage = lazyPage(
  () => import('../features/halls/HallsPage'),
  (m) => m.HallsPage,
);
const HallDetailPage = lazyPage(
  () => import('../features/halls/HallDetailPage'),
  (m) => m.HallDetailPage,
);
const EditionsPage = lazyPage(
  () => import('../features/editions/EditionsPage'),
  (m) => m.EditionsPage,
);
const EditionDetailPage = lazyPage(
  () => import('../features/editions/EditionDetailPage'),
  (m) => m.EditionDetailPage,
);
const MyNominationsPage = lazyPage(
  () => import('../features/nominations/MyNominationsPage'),
  (m) => m.MyNominationsPage,
);
const MyReviewsPage = lazyPage(
  () => import('../features/reviews/MyReviewsPage'),
  (m) => m.MyReviewsPage,
);
const DeckWorkspacePage = lazyPage(
  () => import('../features/decks/DeckWorkspacePage'),
  (m) => m.DeckWorkspacePage,
);
const HostConsolePage = lazyPage(
  () => import('../features/live/HostConsolePage'),
  (m) => m.HostConsolePage,
);
const ExpertScoringPage = lazyPage(
  () => import('../features/live/ExpertScoringPage'),
  (m) => m.ExpertScoringPage,
);
// The results screens carry ECharts: their own chunks, loaded only when opened.
const EditionResultsPage = lazyPage(
  () => import('../features/results/EditionResultsPage'),
  (m) => m.EditionResultsPage,
);
const MyResultsPage = lazyPage(
  () => import('../features/results/MyResultsPage'),
  (m) => m.MyResultsPage,
);
const NotificationsPage = lazyPage(
  () => import('../features/notifications/NotificationsPage'),
  (m) => m.NotificationsPage,
);

function page(key: PageKey, Page: ComponentType) {
  return (
    <RequirePage page={key}>
      <Page />
    </RequirePage>
  );
}

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/login',
      errorElement: <RouteError />,
      element: (
        <Suspense fallback={<PageSpin />}>
          <LoginPage />
        </Suspense>
      ),
    },
    {
      path: '/',
      errorElement: <RouteError />,
      element: (
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: page('home', HomePage) },
        { path: 'halls', element: page('halls', HallsPage) },
        { path: 'halls/:id', element: page('halls', HallDetailPage) },
        { path: 'editions', element: page('editions', EditionsPage) },
        { path: 'editions/:id', element: page('editions', EditionDetailPage) },
        { path: 'editions/:id/live', element: page('editions', HostConsolePage) },
        { path: 'editions/:id/live/expert', element: page('editions', ExpertScoringPage) },
        { path: 'editions/:id/results', element: page('editions', EditionResultsPage) },
        { path: 'my-nominations', element: page('myNominations', MyNominationsPage) },
        { path: 'my-reviews', element: page('myReviews', MyReviewsPage) },
        { path: 'my/results', element: page('myResults', MyResultsPage) },
        { path: 'talks/:id/deck', element: page('editions', DeckWorkspacePage) },
        { path: 'notifications', element: page('notifications', NotificationsPage) },
        { path: 'org', element: page('org', OrgPage) },
        { path: 'people', element: page('people', RosterPage) },
        { path: 'users', element: page('users', UsersPage) },
        { path: 'audit', element: page('audit', AuditPage) },
        { path: 'account', element: page('account', AccountPage) },
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}
