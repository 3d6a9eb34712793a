import type { Logger } from '@nestjs/common';
import type { SocketData } from './live-socket';
import type { LiveNamespace, LivePublisher } from './live.publisher';
import { rooms } from './rooms';

/**
 * Presence is announced at most this often per operation: when hundreds of officers connect at
 * the start of the day, one list per burst instead of one per socket (which would be O(n^2) work
 * and messages).
 */
const PRESENCE_INTERVAL_MS = 250;

/** Who is online in an operation (every instance's sockets, through the adapter), announced at most every PRESENCE_INTERVAL_MS. */
export class PresenceAnnouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly namespace: LiveNamespace,
    private readonly publisher: LivePublisher,
    private readonly logger: Logger,
  ) {}

  schedule(operationId: string): void {
    if (this.timers.has(operationId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(operationId);
      void this.announce(operationId);
    }, PRESENCE_INTERVAL_MS);
    timer.unref();
    this.timers.set(operationId, timer);
  }

  private async announce(operationId: string): Promise<void> {
    try {
      const sockets = await this.namespace.in(rooms.all(operationId)).fetchSockets();
      const online = new Map<string, string | null>();
      for (const s of sockets) {
        const data = s.data as Partial<SocketData>;
        const access = data.subscriptions?.[operationId];
        if (data.user && access) online.set(data.user.id, access.teamId);
      }
      this.publisher.presence({ operationId, online: [...online].map(([userId, teamId]) => ({ userId, teamId })) });
    } catch (e) {
      this.logger.warn(`presence failed: ${String(e)}`);
    }
  }
}
