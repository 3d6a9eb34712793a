import { Link, Outlet, useNavigate } from 'react-router';
import { useLogout, useSession } from '../features/auth';
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
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
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
