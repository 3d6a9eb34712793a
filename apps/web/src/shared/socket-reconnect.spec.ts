import { io } from 'socket.io-client';
import { apiPaths, LIVE_NAMESPACE, type ReauthAck } from '@actionday/contracts';
import { FakeApi, errorBody } from '../test/fake-api';
import { FakeSocket, type FakeSocketOptions } from '../test/fake-socket';
import { loginResponse } from '../test/fixtures';
import { endSession, getEndedMessage, getSession, startSession } from './session';
import { closeLiveSocket, getLiveSocket, REAUTH_MARGIN_MS } from './socket';

/**
 * The app's one live socket (shared/socket.ts) over a fake socket.io client and a fake API: how it
 * authenticates each handshake, renews its token before expiry, and comes back after the server
 * closed it or refused it. Fake timers: no real waiting.
 */

jest.mock('socket.io-client', () => ({ io: jest.fn() }));

const TTL_S = 900;
let api: FakeApi;
let sockets: FakeSocket[];
let nextToken: number;

const refreshes = () => api.sent('POST', apiPaths.refresh);
const reauths = (s: FakeSocket) => s.pending('reauth');
const tick = (ms = 0) => jest.advanceTimersByTimeAsync(ms);
const ackReauth = (s: FakeSocket, ack: ReauthAck) =>
  reauths(s)[reauths(s).length - 1].ack(null, ack);

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-03-28T08:00:00.000Z') });
  sockets = [];
  nextToken = 2;
  jest.mocked(io).mockImplementation(((url: string, opts: FakeSocketOptions) => {
    const s = new FakeSocket(url, opts);
    sockets.push(s);
    return s;
  }) as unknown as typeof io);
  api = new FakeApi().install();
  // Each refresh rotates: token-2, token-3, …
  api.on('POST', apiPaths.refresh, () => ({
    status: 200,
    body: loginResponse({ accessToken: `token-${nextToken++}`, expiresIn: TTL_S }),
  }));
  startSession(loginResponse({ accessToken: 'token-1', expiresIn: TTL_S }));
});

afterEach(() => {
  closeLiveSocket();
  endSession('logout');
  jest.useRealTimers();
});

describe('the live socket', () => {
  it('is one socket on /live over websocket, whose every handshake carries the token of that moment', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    expect(getLiveSocket()).toBe(s);
    expect(sockets).toHaveLength(1);
    expect(s.url).toBe(LIVE_NAMESPACE);
    expect(s.opts).toMatchObject({ transports: ['websocket'], autoConnect: false });
    expect(s.handshakes).toEqual(['token-1']);

    startSession(loginResponse({ accessToken: 'token-9', expiresIn: TTL_S }));
    s.serverDisconnect();
    await tick(1000);
    expect(s.handshakes).toEqual(['token-1', 'token-9']);
  });

  it('hands over a renewed token a minute before expiry (refreshing first), then again before the new one expires', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    s.accept();
    await tick(TTL_S * 1000 - REAUTH_MARGIN_MS - 1);
    expect(reauths(s)).toHaveLength(0);
    expect(refreshes()).toHaveLength(0);

    await tick(1);
    expect(refreshes()).toHaveLength(1);
    expect(reauths(s).map((r) => [r.payload, r.timeoutMs])).toEqual([
      [{ token: 'token-2' }, 10_000],
    ]);
    ackReauth(s, { ok: true, expiresAt: new Date(Date.now() + TTL_S * 1000).toISOString() });

    // The next one follows the renewed token's own expiry; the socket was never closed.
    await tick(TTL_S * 1000 - REAUTH_MARGIN_MS - 1);
    expect(reauths(s)).toHaveLength(1);
    await tick(1);
    expect(reauths(s).map((r) => r.payload)).toEqual([{ token: 'token-2' }, { token: 'token-3' }]);
    expect(s.handshakes).toEqual(['token-1']);
  });

  it('a renewal that gets no answer leaves the socket open; when the server closes it at expiry, it comes back with the renewed token', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    s.accept();
    await tick(TTL_S * 1000 - REAUTH_MARGIN_MS);
    reauths(s)[0].ack(new Error('operation has timed out'), undefined);
    await tick(5000);
    expect(s.handshakes).toEqual(['token-1']);

    await tick(REAUTH_MARGIN_MS - 5000);
    s.serverDisconnect();
    await tick(1000);
    expect(s.handshakes).toEqual(['token-1', 'token-2']);
    expect(refreshes()).toHaveLength(1);
  });

  it('a token renewed by the API client (a 401 on a request) moves the deadline: no early reauth for the old one', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    s.accept();
    await tick(5 * 60_000);
    startSession(loginResponse({ accessToken: 'token-from-api-client', expiresIn: TTL_S }));
    await tick(TTL_S * 1000 - 5 * 60_000 - REAUTH_MARGIN_MS);
    expect(reauths(s)).toHaveLength(0);
    await tick(5 * 60_000);
    expect(reauths(s).map((r) => r.payload)).toEqual([{ token: 'token-2' }]);
    expect(refreshes()).toHaveLength(1);
  });

  it('closed by the server with a stale token (the laptop slept past its expiry): refreshes, then connects again at once with the new token', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    s.accept();
    // Asleep: the clock moved on, no timer ran.
    jest.setSystemTime(Date.now() + TTL_S * 1000 + 60_000);
    s.serverDisconnect();
    await tick(0);
    expect(refreshes()).toHaveLength(1);
    expect(s.handshakes).toEqual(['token-1', 'token-2']);
    // The renewal planned for the old token was dropped with the old connection.
    s.accept();
    await tick(TTL_S * 1000 - REAUTH_MARGIN_MS - 1);
    expect(reauths(s)).toHaveLength(0);
  });

  it('closed by the server with a fresh token (a restart): connects again after a second, with the same socket and its listeners', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    const onConnect = jest.fn(); // e.g. the live session, which subscribes again on each connect
    s.on('connect', onConnect);
    s.accept();
    s.serverDisconnect();
    await tick(999);
    expect(s.handshakes).toHaveLength(1);
    await tick(1);
    expect(s.handshakes).toEqual(['token-1', 'token-1']);
    s.accept();
    expect(onConnect).toHaveBeenCalledTimes(2);
    expect(sockets).toHaveLength(1);
    expect(refreshes()).toHaveLength(0);
  });

  it('a handshake refused as unauthorized refreshes and retries at once; refused again, it backs off', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    s.refuse('unauthorized');
    await tick(0);
    expect(refreshes()).toHaveLength(1);
    expect(s.handshakes).toEqual(['token-1', 'token-2']);

    s.refuse('unauthorized');
    await tick(0);
    expect(refreshes()).toHaveLength(2);
    await tick(1999);
    expect(s.handshakes).toHaveLength(2);
    await tick(1);
    expect(s.handshakes).toEqual(['token-1', 'token-2', 'token-3']);

    // Connected: the count starts over.
    s.accept();
    s.refuse('unauthorized');
    await tick(0);
    expect(s.handshakes).toHaveLength(4);
  });

  it('other refusals back off 1 s, 2 s, 4 s … up to 30 s, without refreshing; transport errors are left to socket.io', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    const gaps: number[] = [];
    for (let i = 0; i < 7; i++) {
      const n = s.handshakes.length;
      s.refuse('server busy');
      let waited = 0;
      while (s.handshakes.length === n && waited < 60_000) {
        await tick(500);
        waited += 500;
      }
      gaps.push(waited);
    }
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(refreshes()).toHaveLength(0);

    // socket.io retries a transport error itself (the socket stays active): no second connect here.
    const n = s.handshakes.length;
    s.fire('connect_error', new Error('websocket error'));
    await tick(60_000);
    expect(s.handshakes).toHaveLength(n);
  });

  it('a failed refresh leaves the socket closed and the session ended', async () => {
    api.on('POST', apiPaths.refresh, {
      status: 401,
      body: errorBody(401, 'refresh token expired'),
    });
    const s = getLiveSocket() as unknown as FakeSocket;
    s.refuse('unauthorized');
    await tick(60_000);
    expect(s.handshakes).toHaveLength(1);
    expect(getSession().status).toBe('signed-out');
  });

  it('the server ending the session (signed out elsewhere, account disabled) signs out with its message; per-operation notices are not its business', () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    s.accept();
    s.fire('access', {
      operationId: '00000000-0000-4000-8000-000000000001',
      reason: 'removed',
      message: 'You are no longer a member of this operation.',
    });
    expect(getSession().status).toBe('signed-in');
    s.fire('access', {
      operationId: null,
      reason: 'disabled',
      message: 'Your account was disabled.',
    });
    expect(getSession()).toMatchObject({ status: 'signed-out', reason: 'ended' });
    expect(getEndedMessage()).toBe('Your account was disabled.');
  });

  it('after sign-out (closeLiveSocket) nothing reconnects or renews, and the next user gets a new socket', async () => {
    const s = getLiveSocket() as unknown as FakeSocket;
    s.accept();
    s.serverDisconnect();
    closeLiveSocket();
    await tick(TTL_S * 1000);
    expect(s.handshakes).toHaveLength(1);
    expect(reauths(s)).toHaveLength(0);
    expect(refreshes()).toHaveLength(0);

    startSession(loginResponse({ accessToken: 'token-other-user', expiresIn: TTL_S }));
    const next = getLiveSocket() as unknown as FakeSocket;
    expect(next).not.toBe(s);
    expect(next.handshakes).toEqual(['token-other-user']);
  });
});
