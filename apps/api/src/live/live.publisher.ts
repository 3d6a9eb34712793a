import cluster from 'node:cluster';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { FRAME_WINDOW_MS, type AccessNotice, type ClientToServerEvents, type ImportProgress, type Presence, type ServerToClientEvents } from '@actionday/contracts';
import type { Namespace } from 'socket.io';
import type { EventSink, JournalEntry } from '../journal/event-sink';
import { audienceFrames } from './audience-frames';
import { FrameWindow } from './frame-window';
import { rooms } from './rooms';

/** Server-to-server messages between API instances (through the Redis adapter). */
export interface InterServerEvents {
  'access-changed': (change: { operationId: string; userIds: string[] }) => void;
}

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents>;

type AccessChangeHandler = (operationId: string, userIds: readonly string[]) => void;

/**
 * The only door from the domain to socket.io: domain services never touch sockets. It is the
 * journal's event sink (EVENT_SINK): the journal hands it each write's events after COMMIT.
 * Through the Redis adapter (REDIS_URL) the same emit reaches the clients of every API instance.
 */
@Injectable()
export class LivePublisher implements EventSink, OnModuleDestroy {
  private readonly logger = new Logger('live');
  private namespace: LiveNamespace | null = null;
  private clustered = false;
  private onAccessChange: AccessChangeHandler | null = null;

  /**
   * `clustered`: other API instances listen through an adapter (serverSideEmit reaches them). A
   * worker of WORKERS > 1 always has one (Redis, or the workers' adapter through the primary).
   */
  attach(namespace: LiveNamespace, clustered: boolean, onAccessChange: AccessChangeHandler): void {
    this.namespace = namespace;
    this.clustered = clustered || cluster.isWorker;
    this.onAccessChange = onAccessChange;
    if (this.clustered) namespace.on('access-changed', ({ operationId, userIds }) => onAccessChange(operationId, userIds));
  }

  /** Per operation, what committed since its last frame (see FrameWindow). */
  private readonly window = new FrameWindow<JournalEntry>(FRAME_WINDOW_MS, (operationId, entries) => this.sendFrames(operationId, entries));

  /** Committed events, in seq order: they leave in frames, one per socket and operation per window. */
  publish(entries: readonly JournalEntry[]): void {
    if (!this.namespace) return;
    const byOperation = new Map<string, JournalEntry[]>();
    for (const entry of entries) {
      const list = byOperation.get(entry.event.operationId);
      if (list) list.push(entry);
      else byOperation.set(entry.event.operationId, [entry]);
    }
    for (const [operationId, list] of byOperation) this.window.add(operationId, list);
  }

  /** Each audience's frame to its rooms: one encoding per audience, one frame per socket. */
  private sendFrames(operationId: string, entries: JournalEntry[]): void {
    const ns = this.namespace;
    if (!ns) return;
    try {
      for (const { to, except, frame } of audienceFrames(operationId, entries)) {
        const target = ns.to(to);
        (except.length ? target.except(except) : target).emit('events', frame);
      }
    } catch (e) {
      // Clients catch up from the event log by seq; a failed emit must not fail anything else.
      this.logger.warn(`emit of events #${entries[0]?.event.seq}-${entries.at(-1)?.event.seq} failed: ${String(e)}`);
    }
  }

  /**
   * Sends the operation's waiting events now: a socket about to join its rooms would otherwise
   * get them live after they were committed and again in its replay.
   */
  sendWaiting(operationId: string): void {
    this.window.flush(operationId);
  }

  /** What still waits for its window leaves before the sockets close. */
  onModuleDestroy(): void {
    this.window.flushAll();
  }

  /** Import progress goes to coordinators and organizers only; it is not an event of the log. */
  progress(progress: ImportProgress): void {
    this.namespace?.to(rooms.full(progress.operationId)).emit('progress', progress);
  }

  presence(presence: Presence): void {
    this.namespace?.to(rooms.all(presence.operationId)).emit('presence', presence);
  }

  /** Members whose role or team changed, or who were removed: their sockets are re-checked on every instance. */
  accessChanged(operationId: string, userIds: readonly string[]): void {
    if (!this.namespace || userIds.length === 0) return;
    this.onAccessChange?.(operationId, userIds);
    if (this.clustered) this.namespace.serverSideEmit('access-changed', { operationId, userIds: [...userIds] });
  }

  /** A session ended (logout, a stolen refresh token revoked): its sockets are told why and closed. */
  sessionEnded(sessionId: string): void {
    this.closeSockets(rooms.session(sessionId), { operationId: null, reason: 'signed_out', message: 'You were signed out.' });
  }

  /** An account was disabled: every socket of it is told why and closed. */
  userDisabled(userId: string): void {
    this.closeSockets(rooms.user(userId), { operationId: null, reason: 'disabled', message: 'This account was disabled by an administrator.' });
  }

  private closeSockets(room: string, notice: AccessNotice): void {
    const ns = this.namespace;
    if (!ns) return;
    ns.to(room).emit('access', notice);
    // The notice and the disconnect travel in this order, through the adapter to every instance.
    ns.in(room).disconnectSockets(true);
  }
}
