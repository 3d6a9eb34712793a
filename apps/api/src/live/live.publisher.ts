import { Injectable, Logger } from '@nestjs/common';
import type { ClientToServerEvents, ImportProgress, LiveEvent, Presence, ServerToClientEvents } from '@actionday/contracts';
import type { Namespace } from 'socket.io';
import type { JournalEntry } from './journal.service';
import { rooms } from './rooms';

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

/**
 * The only door from the domain to socket.io: domain services never touch sockets. Through the
 * Redis adapter (REDIS_URL) the same emit reaches the clients of every API instance.
 */
@Injectable()
export class LivePublisher {
  private readonly logger = new Logger('live');
  private namespace: LiveNamespace | null = null;

  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
  }

  publish(entries: readonly JournalEntry[]): void {
    const ns = this.namespace;
    if (!ns) return;
    for (const { event, restricted } of entries) {
      try {
        if (!restricted) {
          ns.to(rooms.all(event.operationId)).emit('event', event);
          continue;
        }
        const opId = event.operationId;
        const teamRooms = restricted.teamIds.map((teamId) => rooms.team(opId, teamId));
        ns.to([rooms.full(opId), ...teamRooms]).emit('event', { ...event, data: restricted.data } as LiveEvent);
        ns.to(rooms.limited(opId)).except(teamRooms).emit('event', event);
      } catch (e) {
        // Clients catch up from the event log by seq; a failed emit must not fail the write.
        this.logger.warn(`emit of ${event.type} #${event.seq} failed: ${String(e)}`);
      }
    }
  }

  /** Import progress goes to coordinators and organizers only; it is not an event of the log. */
  progress(progress: ImportProgress): void {
    this.namespace?.to(rooms.full(progress.operationId)).emit('progress', progress);
  }

  presence(presence: Presence): void {
    this.namespace?.to(rooms.all(presence.operationId)).emit('presence', presence);
  }
}
