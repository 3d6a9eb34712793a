import { Link, Outlet, useNavigate } from 'react-router';
import { useSession } from '../entities/auth';
import { useLogout } from '../features/auth';
import { hasPendingFindings } from '../features/findings';
import { Button } from '../shared/ui';

export function AppLayout() {
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          Action Day
        </Link>
        <nav aria-label="Main" className="app-nav">
          <Link to="/">Operations</Link>
        </nav>
        <div className="app-user">
          {session.user ? (
            <span className="user-name" data-testid="current-user">
              {session.user.displayName}
            </span>
          ) : null}
          <Button
            size="small"
            busy={logout.isPending}
            onClick={() => {
              // Signing out clears this tab's storage, unsent findings included: never without asking.
              if (hasPendingFindings() && !window.confirm('Some findings have not been sent yet. Signing out discards them. Sign out anyway?')) return;
              logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
            }}
          >
            Sign out
          </Button>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
