// Who is signed in: the session (token in memory) and the account it belongs to.
export { useSession } from './use-session';
export { useMe, meKeys, meQueryOptions } from './api/get-me';
