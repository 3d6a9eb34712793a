export { LoginPage } from './components/login-page';
export { RequireAuth } from './components/require-auth';
export { useLogout } from './api/logout';
