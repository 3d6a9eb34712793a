import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { refreshSession } from '../../../shared/session';
import { Spinner } from '../../../shared/ui';
import { useSession } from '../../../entities/auth';

/** Routes below need a session: wait while it is restored, else go to /login and come back. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  const restoring = session.status === 'restoring';
  useEffect(() => {
    // Started by the app on load, except on a public page: a visitor who goes on from there
    // into the app gets the session restored here (a refresh already under way is shared).
    if (restoring) void refreshSession();
  }, [restoring]);
  if (session.status === 'restoring') {
    return (
      <main className="page-center">
        <Spinner label="Restoring your session…" />
      </main>
    );
  }
  if (session.status === 'signed-out') {
    // After an expired session, come back here once signed in again; not after a sign-out.
    const state = session.reason === 'expired' ? { from: `${location.pathname}${location.search}` } : undefined;
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}
