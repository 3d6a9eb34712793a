import { apiPaths, type LoginResponse, type User } from '@actionday/contracts';

/**
 * The signed-in session, kept in memory only: the access token never touches localStorage or
 * sessionStorage. A reload restores it from the httpOnly refresh cookie (POST /auth/refresh).
 */
export type SessionState =
  | { status: 'restoring'; accessToken: null; user: null }
  | { status: 'signed-out'; accessToken: null; user: null; reason: SignOutReason }
  | { status: 'signed-in'; accessToken: string; user: User; expiresAt: number };

/**
 * "logout": the user signed out; "expired": the session could not be restored or refreshed;
 * "ended": the server ended it (signed out elsewhere, or the account was disabled).
 */
export type SignOutReason = 'logout' | 'expired' | 'ended';

type Listener = () => void;

let state: SessionState = { status: 'restoring', accessToken: null, user: null };
const listeners = new Set<Listener>();
let refreshing: Promise<boolean> | null = null;

function emit(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

export function getAccessToken(): string | null {
  return state.accessToken;
}

export function startSession(response: LoginResponse, now = Date.now()): void {
  emit({ status: 'signed-in', accessToken: response.accessToken, user: response.user, expiresAt: now + response.expiresIn * 1000 });
}

/** When the access token in hand expires (ms since the epoch), or null when signed out. */
export function getAccessTokenExpiry(): number | null {
  return state.status === 'signed-in' ? state.expiresAt : null;
}

/** Why the server ended the session, shown on the sign-in page. */
let endedMessage: string | null = null;

export function getEndedMessage(): string | null {
  return endedMessage;
}

export function endSession(reason: SignOutReason = 'expired', message: string | null = null): void {
  endedMessage = reason === 'ended' ? message : null;
  if (state.status !== 'signed-out') emit({ status: 'signed-out', accessToken: null, user: null, reason });
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request: the
 * refresh token rotates, so two parallel refreshes would race each other.
 * Resolves true when a session is active afterwards; ends the session otherwise.
 */
export function refreshSession(): Promise<boolean> {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    try {
      const res = await fetch(apiPaths.refresh, {
        method: 'POST',
        credentials: 'include',
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) {
        endSession();
        return false;
      }
      startSession((await res.json()) as LoginResponse);
      return true;
    } catch {
      // Network failure: keep a live session as it is (the next request retries), but an app
      // that is still restoring has nothing to show, so it goes to the sign-in page.
      if (state.status === 'restoring') endSession();
      return state.status === 'signed-in';
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}
