export { LoginPage } from './components/login-page';
export { RequireAuth } from './components/require-auth';
export { useSession } from './use-session';
export { useMe, meKeys, meQueryOptions } from './api/get-me';
export { useLogout } from './api/logout';
