// @ts-check
// Members watching the live board through a fault: socket.io clients that reconnect by
// themselves, subscribe again after what they already applied, and fill gaps from the event log,
// as the web app's live session does.
import { io } from 'socket.io-client';
import { sleep } from '../../bench/lib/stats.mjs';

/** @typedef {import('@actionday/contracts').LiveEvent} LiveEvent */
/**
 * A socket of the /live namespace, typed by the contracts' event maps, as the web app's is.
 * @typedef {import('socket.io-client').Socket<import('@actionday/contracts').ServerToClientEvents, import('@actionday/contracts').ClientToServerEvents>} LiveSocket
 */

/**
 * One subscribed member. `seqs` are the sequence numbers applied, each once and in order; events
 * past a gap wait until the gap is filled over HTTP. Counts what arrived twice (dropped) and the
 * gaps it had to fill.
 */
export class Listener {
  lastSeq = 0;
  applied = 0;
  /** Events the socket delivered, in order or not. */
  received = 0;
  repeats = 0;
  gapsFilled = 0;
  reconnects = 0;
  /** @type {Map<number, LiveEvent>} */
  pending = new Map();
  filling = false;
  /** @type {LiveSocket | undefined} */
  socket;

  /**
   * @param {object} options
   * @param {() => string} options.base  the API's address (a function: an instance may move)
   * @param {string} options.operationId
   * @param {string} options.token
   * @param {string} options.name  as the checks name it
   */
  constructor({ base, operationId, token, name }) {
    this.base = base;
    this.operationId = operationId;
    this.token = token;
    this.name = name;
  }

  /** Connects; resolves on the first connection (the subscribe follows on every one). */
  start() {
    /** @type {LiveSocket} */
    const socket = io(`${this.base()}/live`, {
      auth: { token: this.token },
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      socket.emit(
        'subscribe',
        { operationId: this.operationId, afterSeq: this.lastSeq },
        () => undefined,
      );
    });
    socket.io.on('reconnect', () => this.reconnects++);
    socket.on('events', (frame) => {
      for (const e of frame.events) this.receive(/** @type {LiveEvent} */ ({ ...e, operationId: frame.operationId }));
    });
    // The server's word of how far the log is: a gap to fill even when no event follows.
    socket.on(
      'head',
      (h) => h.operationId === this.operationId && h.seq > this.lastSeq && void this.fill(),
    );
    return new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
  }

  /** @param {LiveEvent} e */
  receive(e) {
    if (e.operationId !== this.operationId) return;
    this.received++;
    if (e.seq <= this.lastSeq || this.pending.has(e.seq)) {
      this.repeats++;
      return;
    }
    this.pending.set(e.seq, e);
    this.release();
    if (this.pending.size) setTimeout(() => this.pending.size && void this.fill(), 300);
  }

  release() {
    while (this.pending.has(this.lastSeq + 1)) {
      this.pending.delete(this.lastSeq + 1);
      this.lastSeq++;
      this.applied++;
    }
  }

  /** GET /events?after=lastSeq until nothing is missing. */
  async fill() {
    if (this.filling) return;
    this.filling = true;
    try {
      for (;;) {
        const res = await fetch(
          `${this.base()}/api/v1/operations/${this.operationId}/events?after=${this.lastSeq}&limit=1000`,
          {
            headers: { authorization: `Bearer ${this.token}` },
            signal: AbortSignal.timeout(10_000),
          },
        ).catch(() => null);
        if (!res?.ok) return;
        const { items } = /** @type {import('@actionday/contracts').EventsResponse} */ (
          await res.json()
        );
        if (!items.length) return;
        this.gapsFilled++;
        for (const e of items)
          if (e.seq > this.lastSeq && !this.pending.has(e.seq)) this.pending.set(e.seq, e);
        this.release();
        if (items.length < 1000) return;
      }
    } finally {
      this.filling = false;
    }
  }

  stop() {
    this.socket?.close();
  }
}

/**
 * Resolves when every listener has applied up to `seq`, or rejects after `ms` naming who has not.
 * @param {Listener[]} listeners
 * @param {number} seq
 * @param {number} ms
 */
export async function converged(listeners, seq, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const behind = listeners.filter((l) => l.lastSeq < seq);
    if (!behind.length) return;
    // No nudging: a listener catches up only on what the platform tells it (an event past a gap,
    // a replay after it reconnected, the log's head), as the web app does.
    await sleep(250);
  }
  const behind = listeners.filter((l) => l.lastSeq < seq).map((l) => `${l.name} at ${l.lastSeq}`);
  throw new Error(`not converged on seq ${seq} within ${ms} ms: ${behind.join(', ')}`);
}
