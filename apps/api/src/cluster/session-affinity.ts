import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, type IncomingHttpHeaders, type IncomingMessage, request, ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Server } from 'socket.io';
import { isToWorker, sendToPrimary } from './messages';

/**
 * Sticky sessions for WORKERS > 1. An engine.io session lives in the worker that answered its
 * handshake, and every later request of it (long-polling GETs and POSTs, the upgrade to a
 * websocket) must reach that worker. The workers share the port through node:cluster, which hands
 * each TCP connection to one of them and never looks inside, so HTTP keep-alive stays on and no
 * request body passes through the primary. Instead:
 *
 * - the session id names its worker: `<worker id>.<random>`;
 * - each worker listens on a private port of 127.0.0.1 that takes only engine.io requests, and
 *   the primary tells every worker where the others' are;
 * - an engine.io request whose session belongs to another worker is passed on to it there: an
 *   HTTP request through an HTTP client, an upgrade as a TCP pipe.
 *
 * Only clients that poll pay a hop, on the requests that landed elsewhere (the web app and the
 * benchmarks use websockets only: one connection, on the worker that took it). A session of a
 * worker that is gone is answered by engine.io itself ("Session ID unknown"): the client opens a
 * new one. (@socket.io/sticky routes on the first request of a connection instead, which is why it
 * must turn keep-alive off for every response and carry every request with a body through the
 * primary.)
 */
export interface SessionAffinity {
  close(): Promise<void>;
}

/** Not passed on: they describe one hop (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

const endToEnd = (headers: IncomingHttpHeaders): IncomingHttpHeaders => Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

export function keepSessionsOnTheirWorker(io: Server): SessionAffinity {
  const self = cluster.worker?.id;
  if (self === undefined) throw new Error('session affinity is for the workers of a cluster');
  const prefix = `${io.path()}/`;
  const ports = new Map<number, number>();
  const onMessage = (m: unknown) => {
    if (!isToWorker(m) || m.type !== 'actionday:session-ports') return;
    ports.clear();
    for (const [id, port] of Object.entries(m.ports)) ports.set(Number(id), port);
  };
  process.on('message', onMessage);

  io.engine.generateId = () => `${self}.${randomBytes(15).toString('base64url')}`;

  /** Requests that came in through the private entry: served here whatever happens, never passed on again. */
  const passedOn = new WeakSet<IncomingMessage>();
  const ownerPort = (req: IncomingMessage): number | null => {
    if (passedOn.has(req)) return null;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const sid = query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get('sid');
    const owner = sid ? /^(\d+)\./.exec(sid) : null;
    if (!owner || Number(owner[1]) === self) return null;
    // A worker that is gone has no port: engine.io answers that it does not know the session.
    return ports.get(Number(owner[1])) ?? null;
  };

  const agent = new Agent({ keepAlive: true });
  io.engine.use((req: IncomingMessage, res: ServerResponse | { socket?: Duplex | null }, next: () => void) => {
    const port = ownerPort(req);
    if (port === null) return next();
    // engine.io runs its middlewares on upgrades too, with a stand-in response holding the socket.
    if (res instanceof ServerResponse) passRequest(req, res, port, agent);
    else if (res.socket) passUpgrade(req, res.socket, port);
    else next();
  });

  const entry = createServer();
  entry.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith(prefix)) return void res.writeHead(404).end();
    passedOn.add(req);
    io.httpServer.emit('request', req, res);
  });
  entry.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith(prefix)) return void socket.destroy();
    passedOn.add(req);
    io.httpServer.emit('upgrade', req, socket, head);
  });
  // exclusive: this worker's own port, not one shared through the primary.
  entry.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => void sendToPrimary({ type: 'actionday:session-port', port: (entry.address() as AddressInfo).port }));

  return {
    close: async () => {
      process.off('message', onMessage);
      agent.destroy();
      entry.closeAllConnections();
      await new Promise<void>((resolve) => entry.close(() => resolve()));
    },
  };
}

function passRequest(req: IncomingMessage, res: ServerResponse, port: number, agent: Agent): void {
  const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: endToEnd(req.headers), agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
    answer.on('error', () => res.destroy());
    answer.pipe(res);
  });
  // The owner went away (it died, or is stopping): the client's next request finds out.
  upstream.on('error', () => {
    if (res.headersSent || res.destroyed) res.destroy();
    else res.writeHead(502).end();
  });
  // The client went away before the answer (a long-poll it gave up on): so does the request.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

function passUpgrade(req: IncomingMessage, socket: Duplex, port: number): void {
  const upstream = connect({ host: '127.0.0.1', port });
  const close = () => {
    socket.destroy();
    upstream.destroy();
  };
  for (const end of [socket, upstream]) end.on('error', close).on('close', close);
  upstream.on('connect', () => {
    // The request as it came (a websocket client sends nothing more before the answer).
    let head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2) head += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    upstream.write(`${head}\r\n`);
    socket.pipe(upstream).pipe(socket);
  });
}
