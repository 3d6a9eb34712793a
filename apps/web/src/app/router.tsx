import { createBrowserRouter, isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { LoginPage, RequireAuth } from '../features/auth';
import { OperationsListPage } from '../features/operations';
import { PublicPublicationPage } from '../features/publications';
import { AppLayout } from './layout';
import { BoardTab, DefaultTab, FindingsTab, MatchesTab, OperationRoute, PublishTab, QueueTab, ReviewTab, TalliesTab, TeamTab } from './operation-route';

function NotFound() {
  return (
    <div className="page page-narrow">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the operations</Link>
      </p>
    </div>
  );
}

function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : 'Unexpected error';
  return (
    <div className="page page-narrow">
      <h1>Something went wrong</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">Back to the operations</Link> or reload the page.
      </p>
    </div>
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  // Public: outside RequireAuth, so a visitor is never sent to /login (see PUBLIC_PATH_PREFIX).
  { path: '/p/:slug', element: <PublicPublicationPage />, errorElement: <RouteError /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <OperationsListPage /> },
          {
            path: 'operations/:operationId',
            element: <OperationRoute />,
            children: [
              { index: true, element: <DefaultTab /> },
              { path: 'board', element: <BoardTab /> },
              { path: 'queue', element: <QueueTab /> },
              { path: 'review', element: <ReviewTab /> },
              { path: 'matches', element: <MatchesTab /> },
              { path: 'findings', element: <FindingsTab /> },
              { path: 'tallies', element: <TalliesTab /> },
              { path: 'publish', element: <PublishTab /> },
              { path: 'team', element: <TeamTab /> },
            ],
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
