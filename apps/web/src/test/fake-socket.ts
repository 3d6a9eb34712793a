/**
 * A stand-in for the socket.io client socket that shared/socket.ts creates with `io()` (the one
 * socket of the app): specs replace the module with `jest.mock('socket.io-client')` and hand this
 * out, then play the server's side (accept, refuse, disconnect, send a message).
 */

type Handler = (...args: unknown[]) => void;
export type Ack = (err: Error | null, ack: unknown) => void;

export interface FakeSocketOptions {
  auth?: (cb: (data: Record<string, unknown>) => void) => void;
  [key: string]: unknown;
}

export class FakeSocket {
  connected = false;
  /** socket.io's `active`: true from connect() until the client or the server closed it for good. */
  active = false;
  /** The token of each handshake (the `auth` callback is read on every connect). */
  readonly handshakes: string[] = [];
  /** Emits with an ack (`socket.timeout(ms).emit(…)`), for the spec to answer. */
  readonly requests: { event: string; payload: unknown; timeoutMs: number; ack: Ack }[] = [];
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(
    readonly url: string,
    readonly opts: FakeSocketOptions = {},
  ) {}

  on(event: string, fn: Handler): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)?.add(fn);
    return this;
  }

  off(event: string, fn?: Handler): this {
    if (fn) this.handlers.get(event)?.delete(fn);
    else this.handlers.delete(event);
    return this;
  }

  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }

  listeners(event: string): Handler[] {
    return [...(this.handlers.get(event) ?? [])];
  }

  connect(): this {
    this.active = true;
    this.opts.auth?.((data) => this.handshakes.push(String(data.token ?? '')));
    return this;
  }

  disconnect(): this {
    const was = this.connected;
    this.connected = false;
    this.active = false;
    if (was) this.fire('disconnect', 'io client disconnect');
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : () => undefined;
    this.requests.push({ event, payload: args[0], timeoutMs: 0, ack });
    return this;
  }

  timeout(ms: number) {
    return {
      emit: (event: string, payload: unknown, ack: Ack) => {
        this.requests.push({ event, payload, timeoutMs: ms, ack });
      },
    };
  }

  // ---------- the server's side ----------

  fire(event: string, ...args: unknown[]): void {
    for (const fn of [...(this.handlers.get(event) ?? [])]) fn(...args);
  }

  /** The handshake succeeded. */
  accept(): void {
    this.connected = true;
    this.active = true;
    this.fire('connect');
  }

  /** The server's middleware refused the handshake: socket.io does not retry that by itself. */
  refuse(message: string): void {
    this.connected = false;
    this.active = false;
    this.fire('connect_error', new Error(message));
  }

  /** The server closed the socket on purpose (token expired, restart): no automatic reconnect. */
  serverDisconnect(): void {
    this.connected = false;
    this.active = false;
    this.fire('disconnect', 'io server disconnect');
  }

  /** The requests of one event still waiting for their ack. */
  pending(event: string) {
    return this.requests.filter((r) => r.event === event);
  }
}
