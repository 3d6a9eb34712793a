import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@actionday/contracts';
import { getAccessToken, refreshSession } from './session';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LiveSocket | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let failures = 0;

function scheduleReconnect(s: LiveSocket, delayMs: number): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    retryTimer = null;
    if (socket === s && !s.connected && !s.active) s.connect();
  }, delayMs);
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
  });
  s.on('disconnect', (reason) => {
    // socket.io reconnects by itself after a network failure, but not when the server closed the
    // socket on purpose (e.g. its token expired, or the server is restarting): do it here.
    if (reason === 'io server disconnect') scheduleReconnect(s, 1000);
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
  retryTimer = null;
  failures = 0;
  if (socket) {
    socket.removeAllListeners();
    socket.disconnect();
  }
  socket = null;
}
