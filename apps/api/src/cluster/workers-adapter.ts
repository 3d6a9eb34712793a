import cluster, { type Worker } from 'node:cluster';
import type { Namespace } from 'socket.io';
import { ClusterAdapterWithHeartbeat, type ClusterMessage, type ClusterResponse, MessageType, type Offset, type ServerId } from 'socket.io-adapter';

/**
 * The socket.io adapter of WORKERS > 1 without Redis: what one worker emits to a room (and
 * serverSideEmit, fetchSockets, disconnectSockets, socketsJoin...) reaches the sockets of every
 * worker of this machine through the primary, over node:cluster's IPC channel. The cluster logic
 * is socket.io's own (ClusterAdapterWithHeartbeat, the base of its Redis-streams and Postgres
 * adapters and of @socket.io/cluster-adapter); this file is only the transport. With REDIS_URL
 * the Redis adapter does all of it, across machines too.
 */
const SOURCE = 'actionday:live-adapter';

interface Envelope {
  source: typeof SOURCE;
  /** A response goes to the adapter that asked (its uid); a message to every other worker. */
  to?: ServerId;
  body: ClusterMessage | ClusterResponse;
}

const isEnvelope = (m: unknown): m is Envelope => typeof m === 'object' && m !== null && (m as { source?: unknown }).source === SOURCE;
const ignore = () => undefined;

function send(envelope: Envelope): void {
  // A message to a primary that is gone is lost: the worker is stopping anyway (worker-channel.ts).
  if (process.send && process.connected) process.send(envelope, undefined, {}, ignore);
}

/** In a worker: `server.adapter(WorkersAdapter)`. */
export class WorkersAdapter extends ClusterAdapterWithHeartbeat {
  private readonly listener: (m: unknown) => void;

  constructor(nsp: Namespace) {
    super(nsp, {});
    this.listener = (m) => {
      if (!isEnvelope(m) || m.body.nsp !== nsp.name) return;
      if (m.to === undefined) this.onMessage(m.body as ClusterMessage);
      else if (m.to === this.uid) this.onResponse(m.body as ClusterResponse);
    };
    process.on('message', this.listener);
  }

  protected override doPublish(message: ClusterMessage): Promise<Offset> {
    send({ source: SOURCE, body: message });
    // No connection state recovery: clients catch up from the event log by seq.
    return Promise.resolve('');
  }

  protected override doPublishResponse(requesterUid: ServerId, response: ClusterResponse): Promise<void> {
    send({ source: SOURCE, to: requesterUid, body: response });
    return Promise.resolve();
  }

  override close(): void {
    super.close();
    process.off('message', this.listener);
  }
}

/**
 * In the primary: passes each worker's adapter messages on to the others, and each response to
 * the worker that asked. When a worker dies, the others are told at once, as if its adapters had
 * closed: they stop waiting for its answers (presence would wait for the heartbeat's 10 s).
 */
export function relayWorkersAdapter(): void {
  const adapters = new Map<ServerId, { worker: Worker; nsp: string }>();
  const others = (from: Worker) => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w !== from && w.isConnected());
  cluster.on('message', (from, m: unknown) => {
    if (!isEnvelope(m)) return;
    adapters.set(m.body.uid, { worker: from, nsp: m.body.nsp });
    const to = m.to === undefined ? others(from) : [adapters.get(m.to)?.worker];
    for (const worker of to) if (worker?.isConnected()) worker.send(m, ignore);
  });
  cluster.on('exit', (gone) => {
    for (const [uid, { worker, nsp }] of adapters) {
      if (worker !== gone) continue;
      adapters.delete(uid);
      const closed: Envelope = { source: SOURCE, body: { uid, nsp, type: MessageType.ADAPTER_CLOSE } };
      for (const other of others(gone)) other.send(closed, ignore);
    }
  });
}
