// socket.io clients of the API's /live namespace, subscribed to one operation, as the web app's
// live board is.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { waitQuiet } from './stats.mjs';

// Clients connect this many at a time: a thundering herd of handshakes would measure the herd.
const CONNECT_BATCH = 50;

/**
 * The subscribed clients. One event handler for all of them hands each receipt to the phase
 * that is collecting (`phase.receive(clientId, at)`), stamped with performance.now() of this
 * process, the clock the send was stamped with; `findingEvents` counts every receipt.
 */
export class Clients {
  sockets = [];
  phase = null;
  lastEventAt = 0;
  presenceMessages = 0;
  disconnects = 0;
  findingEvents = 0;

  constructor(base, operationId, tokens) {
    this.base = base;
    this.operationId = operationId;
    this.tokens = tokens;
    this.onEvent = (e) => {
      const now = performance.now();
      this.lastEventAt = now;
      if (e.type !== 'finding.created') return;
      this.findingEvents++;
      this.phase?.receive(e.data.finding.clientId, now);
    };
  }

  connectOne(token) {
    return new Promise((resolve, reject) => {
      const socket = io(`${this.base}/live`, {
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      const fail = (e) => {
        clearTimeout(timer);
        socket.close();
        reject(e);
      };
      const timer = setTimeout(() => fail(new Error('no subscribe ack within 30 s')), 30_000);
      socket.once('connect_error', fail);
      socket.once('connect', () =>
        socket.emit('subscribe', { operationId: this.operationId }, (ack) => {
          if (!ack?.ok) return fail(new Error(`subscribe refused: ${ack?.error}`));
          clearTimeout(timer);
          socket.on('disconnect', () => this.disconnects++);
          resolve(socket);
        }),
      );
      socket.on('event', this.onEvent);
      socket.on('presence', () => this.presenceMessages++);
    });
  }

  /** Connects and subscribes n clients, in batches, then waits for the presence broadcasts to stop. */
  async connect(n) {
    this.presenceMessages = 0;
    const t0 = performance.now();
    const failures = [];
    for (let i = 0; i < n; i += CONNECT_BATCH) {
      const batch = [];
      for (let j = i; j < Math.min(n, i + CONNECT_BATCH); j++)
        batch.push(this.connectOne(this.tokens[j % this.tokens.length]));
      for (const r of await Promise.allSettled(batch)) {
        if (r.status === 'fulfilled') this.sockets.push(r.value);
        else failures.push(r.reason.message);
      }
    }
    const subscribedMs = performance.now() - t0;
    // Subscribing makes the API broadcast presence: the last ack is not the end of its work.
    const presenceSettled = await waitQuiet(() => this.presenceMessages, 500, 60_000);
    return {
      clients: this.sockets.length,
      failures: failures.length,
      firstFailure: failures[0] ?? null,
      subscribedMs,
      settledMs: performance.now() - t0,
      presenceMessages: this.presenceMessages,
      presenceSettled,
    };
  }

  close() {
    for (const s of this.sockets) s.close();
    this.sockets = [];
  }
}
