import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type AccessNotice, type ClientToServerEvents, type ServerToClientEvents } from '@actionday/contracts';
import { endSession, getAccessToken, getAccessTokenExpiry, refreshSession, subscribeSession } from './session';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LiveSocket | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let reauthTimer: ReturnType<typeof setTimeout> | null = null;
let unsubscribeSession: (() => void) | null = null;
let failures = 0;

/** A fresh token reaches the open socket this long before the one it holds expires. */
export const REAUTH_MARGIN_MS = 60_000;

function scheduleReconnect(s: LiveSocket, delayMs: number): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    retryTimer = null;
    if (socket === s && !s.connected && !s.active) s.connect();
  }, delayMs);
}

/**
 * The server closes a socket whose access token expired: before that, the socket is handed the
 * current token (refreshed first when it is about to expire itself), so a live page is never cut off.
 */
export function reauthDelay(expiresAt: number | null, now: number): number | null {
  if (expiresAt === null) return null;
  return Math.max(0, expiresAt - REAUTH_MARGIN_MS - now);
}

function scheduleReauth(s: LiveSocket): void {
  if (reauthTimer) clearTimeout(reauthTimer);
  reauthTimer = null;
  const delay = reauthDelay(getAccessTokenExpiry(), Date.now());
  if (delay === null) return;
  reauthTimer = setTimeout(() => void reauth(s), delay);
}

async function reauth(s: LiveSocket): Promise<void> {
  reauthTimer = null;
  if (socket !== s || !s.connected) return;
  const expiry = getAccessTokenExpiry();
  // A token close to its end is renewed first; refreshSession shares one request with the API client.
  if (expiry !== null && expiry - REAUTH_MARGIN_MS <= Date.now() && !(await refreshSession())) return;
  const token = getAccessToken();
  if (!token || socket !== s) return;
  s.timeout(10_000).emit('reauth', { token }, (err, ack) => {
    if (socket !== s) return;
    // Refused (the session ended meanwhile) or no answer: the server's notice or the next try says what follows.
    if (err || !ack.ok) scheduleReconnect(s, 5000);
    else scheduleReauth(s);
  });
}

/** The notices of the server about the whole socket: the session ended, or the account was disabled. */
function onAccess(notice: AccessNotice): void {
  if (notice.operationId !== null && notice.reason !== 'expired') return; // per operation: the live session handles it
  if (notice.reason === 'signed_out' || notice.reason === 'disabled') endSession('ended', notice.message);
  // expired: the server closes the socket; the reconnect below signs in with a refreshed token.
}

function create(): LiveSocket {
  const s: LiveSocket = io(LIVE_NAMESPACE, {
    // A function, so that every (re)connection sends the current token, not the first one.
    auth: (cb) => cb({ token: getAccessToken() ?? '' }),
    transports: ['websocket'],
    autoConnect: false,
  });
  s.on('connect', () => {
    failures = 0;
    scheduleReauth(s);
  });
  s.on('access', onAccess);
  s.on('disconnect', (reason) => {
    if (reauthTimer) clearTimeout(reauthTimer);
    reauthTimer = null;
    // socket.io reconnects by itself after a network failure, but not when the server closed the
    // socket on purpose (e.g. its token expired, or the server is restarting): do it here, with
    // a refreshed token if the one in hand is stale.
    if (reason === 'io server disconnect') {
      const expiry = getAccessTokenExpiry();
      if (expiry !== null && expiry - REAUTH_MARGIN_MS <= Date.now()) void refreshSession().then((ok) => ok && scheduleReconnect(s, 0));
      else scheduleReconnect(s, 1000);
    }
  });
  s.on('connect_error', (err) => {
    // Transport errors are retried by socket.io itself (s.active stays true); a refusal by the
    // server's middleware is not, so it is handled here.
    if (s.active) return;
    failures += 1;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
    if (err.message === 'unauthorized') {
      // The access token expired (15 min): refresh it, then connect again with the new one.
      void refreshSession().then((ok) => {
        if (ok) scheduleReconnect(s, failures > 1 ? delay : 0);
      });
    } else {
      scheduleReconnect(s, delay);
    }
  });
  // A token refreshed by the API client (a 401 on a request) moves the socket's deadline too.
  unsubscribeSession = subscribeSession(() => {
    if (socket === s && s.connected) scheduleReauth(s);
  });
  return s;
}

/** The one socket of the app (namespace /live); pages subscribe to operations on it. */
export function getLiveSocket(): LiveSocket {
  if (!socket) socket = create();
  if (!socket.connected && !socket.active) socket.connect();
  return socket;
}

/** On sign-out: the socket was authenticated as that user. */
export function closeLiveSocket(): void {
  if (retryTimer) clearTimeout(retryTimer);
  if (reauthTimer) clearTimeout(reauthTimer);
  retryTimer = null;
  reauthTimer = null;
  failures = 0;
  unsubscribeSession?.();
  unsubscribeSession = null;
  if (socket) {
    socket.removeAllListeners();
    socket.disconnect();
  }
  socket = null;
}
