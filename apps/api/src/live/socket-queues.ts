import type { Logger } from '@nestjs/common';
import type { LiveSocket } from './live-socket';

/** Subscribes and unsubscribes a socket may have waiting; more are refused, not queued (a flood must not delay anything). */
const MAX_PENDING = 8;

/** Per socket: the chain that runs its subscribes in order, with its length. */
export class SocketQueues {
  private readonly queues = new WeakMap<LiveSocket, { tail: Promise<void>; pending: number }>();

  constructor(private readonly logger: Logger) {}

  /** Runs a socket's subscribes one after another; false when too many wait already. */
  enqueue(socket: LiveSocket, work: () => Promise<void>): boolean {
    const queue = this.queues.get(socket) ?? { tail: Promise.resolve(), pending: 0 };
    if (queue.pending >= MAX_PENDING) return false;
    queue.pending += 1;
    queue.tail = queue.tail
      .then(work)
      .catch((e: unknown) => this.logger.warn(`socket work failed: ${String(e)}`))
      .finally(() => (queue.pending -= 1));
    this.queues.set(socket, queue);
    return true;
  }
}
