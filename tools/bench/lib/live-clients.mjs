// @ts-check
// socket.io clients of the API's /live namespace, subscribed to one operation, as the web app's
// live board is.
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { waitQuiet } from './stats.mjs';

// Clients connect this many at a time: a thundering herd of handshakes would measure the herd.
const CONNECT_BATCH = 50;

/**
 * What collects the receipts of `finding.created` while a phase runs.
 * @typedef {object} Receiver
 * @property {(clientId: string, at: number) => void} receive
 * @property {number} outstanding  sends not answered yet
 */

/**
 * A socket of the /live namespace, typed by the contracts' event maps, as the web app's is.
 * @typedef {import('socket.io-client').Socket<import('@actionday/contracts').ServerToClientEvents, import('@actionday/contracts').ClientToServerEvents>} LiveSocket
 */

/**
 * A client of /live that speaks the socket.io protocol over a bare websocket (engine.io v4,
 * socket.io v5: open `0{...}`, connect `40/live,{auth}`, ack `43/live,<id>[...]`, event
 * `42/live,[name, data]`, ping `2` answered `3`), and finds the clientIds of a frame's
 * `finding.created` events by searching its bytes instead of parsing it: 500 socket.io-client
 * instances parsing every frame in the one process of the benchmark cost more CPU than the API
 * spends sending them, on the same cores. Nor does it decode or validate the UTF-8 of a frame,
 * and a frame whose bytes equal one read a moment ago (the same frame to another client of the
 * same audience) gets that one's receipts: batches of 500 findings to 100 clients are 100 MB/s
 * of frames, and scanning each copy took the generator most of a core that the API and
 * PostgreSQL then lacked. Comparing the bytes still reads every one of them.
 * @typedef {{ close(): void }} LightSocket
 */
const FINDING_CREATED = Buffer.from('"type":"finding.created"');
const CLIENT_ID = Buffer.from('"clientId":"');
const SEQ = Buffer.from('"seq":');
const EVENTS = Buffer.from('42/live,["events",');
const UUID_LENGTH = 36;

/** Frames read last, with their receipts (a frame goes to every client of its audience). */
const recentFrames = /** @type {{ bytes: Buffer, receipts: [number, string[]] }[]} */ ([]);
const RECENT_FRAMES = 16;

/**
 * The number of events of a frame and the clientIds of its finding.created events, from its bytes.
 * @param {Buffer} frame
 * @returns {[number, string[]]}
 */
function frameReceipts(frame) {
  const known = recentFrames.find((f) => f.bytes.length === frame.length && f.bytes.equals(frame));
  if (known) return known.receipts;
  const receipts = scanFrame(frame);
  recentFrames.unshift({ bytes: frame, receipts });
  recentFrames.length = Math.min(recentFrames.length, RECENT_FRAMES);
  return receipts;
}

/**
 * @param {Buffer} frame
 * @returns {[number, string[]]}
 */
function scanFrame(frame) {
  let events = 0;
  for (let at = frame.indexOf(SEQ); at >= 0; at = frame.indexOf(SEQ, at + SEQ.length)) events++;
  /** @type {string[]} */
  const clientIds = [];
  for (let at = frame.indexOf(FINDING_CREATED); at >= 0; at = frame.indexOf(FINDING_CREATED, at)) {
    const id = frame.indexOf(CLIENT_ID, at) + CLIENT_ID.length;
    if (id < CLIENT_ID.length) break;
    clientIds.push(frame.toString('latin1', id, id + UUID_LENGTH));
    at = id + UUID_LENGTH;
  }
  return [events, clientIds];
}

/**
 * The subscribed clients. One event handler for all of them hands each receipt to the phase
 * that is collecting (`phase.receive(clientId, at)`), stamped with performance.now() of this
 * process, the clock the send was stamped with; `findingEvents` counts every receipt.
 */
export class Clients {
  /** @type {(LiveSocket | LightSocket)[]} */
  sockets = [];
  /** @type {Receiver | null} */
  phase = null;
  lastEventAt = 0;
  presenceMessages = 0;
  disconnects = 0;
  findingEvents = 0;
  /** Every frame and every event that reached any client. */
  frames = 0;
  deliveredEvents = 0;

  /**
   * @param {string} base  the API's address
   * @param {string} operationId
   * @param {string[]} tokens  access tokens, taken in turn by the clients
   * @param {{ light?: boolean }} [options]  light: bare websockets (see LightSocket)
   */
  constructor(base, operationId, tokens, { light = false } = {}) {
    this.base = base;
    this.operationId = operationId;
    this.tokens = tokens;
    this.light = light;
    /** @param {import('@actionday/contracts').LiveFrame} frame */
    this.onFrame = (frame) =>
      this.receipts(
        frame.events.length,
        frame.events.flatMap((e) =>
          e.type === 'finding.created' ? [e.data.finding.clientId] : [],
        ),
      );
  }

  /**
   * One frame received by one client: its events, and the clientIds of its finding.created ones.
   * @param {number} events
   * @param {string[]} clientIds
   */
  receipts(events, clientIds) {
    const now = performance.now();
    this.lastEventAt = now;
    this.frames++;
    this.deliveredEvents += events;
    for (const clientId of clientIds) {
      this.findingEvents++;
      this.phase?.receive(clientId, now);
    }
  }

  /**
   * @param {string} token
   * @returns {Promise<LightSocket>}
   */
  connectLight(token) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(
        `${this.base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
        { skipUTF8Validation: true },
      );
      let subscribed = false;
      /** @param {Error} e */
      const fail = (e) => {
        clearTimeout(timer);
        ws.terminate();
        reject(e);
      };
      const timer = setTimeout(() => fail(new Error('no subscribe ack within 30 s')), 30_000);
      ws.on('error', (e) => (subscribed ? undefined : fail(e)));
      ws.on('close', () =>
        subscribed ? this.disconnects++ : fail(new Error('closed before the subscribe ack')),
      );
      ws.on('message', (/** @type {Buffer} */ data) => {
        // A frame of events is searched as bytes; the protocol's other messages are short.
        if (data.subarray(0, EVENTS.length).equals(EVENTS))
          return this.receipts(...frameReceipts(data));
        const text = data.toString();
        if (text === '2') return ws.send('3');
        if (text.startsWith('0{')) return ws.send(`40/live,${JSON.stringify({ token })}`);
        if (text.startsWith('40/live,'))
          return ws.send(
            `42/live,0${JSON.stringify(['subscribe', { operationId: this.operationId }])}`,
          );
        if (text.startsWith('44/live,'))
          return fail(new Error(`connect refused: ${text.slice(8)}`));
        if (text.startsWith('43/live,0')) {
          const [ack] = JSON.parse(text.slice(9));
          if (!ack?.ok) return fail(new Error(`subscribe refused: ${ack?.error}`));
          clearTimeout(timer);
          subscribed = true;
          return resolve({ close: () => ws.close() });
        }
        if (text.startsWith('42/live,["presence",')) this.presenceMessages++;
      });
    });
  }

  /**
   * @param {string} token
   * @returns {Promise<LiveSocket | LightSocket>}
   */
  connectOne(token) {
    if (this.light) return this.connectLight(token);
    return new Promise((resolve, reject) => {
      /** @type {LiveSocket} */
      const socket = io(`${this.base}/live`, {
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      /** @param {Error} e */
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
      socket.on('events', this.onFrame);
      socket.on('presence', () => this.presenceMessages++);
    });
  }

  /**
   * Connects and subscribes n clients, in batches, then waits for the presence broadcasts to stop.
   * @param {number} n
   */
  async connect(n) {
    this.presenceMessages = 0;
    const t0 = performance.now();
    /** @type {string[]} */
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
