import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  LIVE_NAMESPACE,
  subscribeRequestSchema,
  type ClientToServerEvents,
  type SubscribeAck,
  type ServerToClientEvents,
} from '@actionday/contracts';
import type { Socket } from 'socket.io';
import { AccessService } from '../auth/access.service';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { TokensService } from '../auth/tokens.service';
import { EventsService } from './events.service';
import { type LiveNamespace, LivePublisher } from './live.publisher';
import { rooms, roomsFor } from './rooms';

interface SocketData {
  user: AuthUser;
  /**
   * Operation id -> the access the socket subscribed with. A plain object, not a Map: with the
   * Redis adapter, presence reads the sockets of other instances, and their data arrives as JSON.
   */
  subscriptions: Record<string, OperationAccess>;
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const CATCH_UP_PAGE = 500;
/**
 * Presence is announced at most this often per operation: when hundreds of officers connect at
 * the start of the day, one list per burst instead of one per socket (which would be O(n^2) work
 * and messages).
 */
const PRESENCE_INTERVAL_MS = 250;

/**
 * Transport only: authenticates the handshake, checks membership before joining rooms, replays
 * missed events on subscribe, and reports presence. Events themselves come from LivePublisher.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnGatewayDisconnect<LiveSocket> {
  private readonly logger = new Logger('live');
  private namespace!: LiveNamespace;
  private readonly presenceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly tokens: TokensService,
    private readonly access: AccessService,
    private readonly events: EventsService,
    private readonly publisher: LivePublisher,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    this.namespace = namespace;
    this.publisher.attach(namespace);
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      void (typeof token === 'string' ? this.tokens.verifyAccessToken(token) : Promise.resolve(null)).then((user) => {
        if (!user) return next(new Error('unauthorized'));
        socket.data.user = user;
        socket.data.subscriptions = Object.create(null) as Record<string, OperationAccess>;
        next();
      });
    });
  }

  handleConnection(socket: LiveSocket): void {
    socket.on('subscribe', (request, ack) => void this.subscribe(socket, request, typeof ack === 'function' ? ack : () => undefined));
    socket.on('unsubscribe', (request, ack) => {
      const operationId = typeof request?.operationId === 'string' ? request.operationId : '';
      const access = Object.hasOwn(socket.data.subscriptions, operationId) ? socket.data.subscriptions[operationId] : undefined;
      if (access) {
        for (const room of roomsFor(operationId, access)) void socket.leave(room);
        delete socket.data.subscriptions[operationId];
        this.schedulePresence(operationId);
      }
      if (typeof ack === 'function') ack({ ok: true, seq: 0 });
    });
  }

  handleDisconnect(socket: LiveSocket): void {
    for (const operationId of Object.keys(socket.data.subscriptions ?? {})) this.schedulePresence(operationId);
  }

  private async subscribe(socket: LiveSocket, request: unknown, ack: (a: SubscribeAck) => void): Promise<void> {
    const parsed = subscribeRequestSchema.safeParse(request);
    if (!parsed.success) return ack({ ok: false, error: `bad request: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}` });
    const { operationId, afterSeq } = parsed.data;
    try {
      const access = await this.access.membership(socket.data.user.id, operationId);
      if (!access) return ack({ ok: false, error: 'not found' });
      // Join first, then replay: an event committed meanwhile arrives twice at worst, and the
      // client drops what it has already applied by seq. Never lost.
      await socket.join(roomsFor(operationId, access));
      socket.data.subscriptions[operationId] = access;
      // Without afterSeq the client only wants events from now on: read nothing but the last seq.
      let page = await this.events.after(access, afterSeq ?? 0, afterSeq === undefined ? 0 : CATCH_UP_PAGE);
      ack({ ok: true, seq: page.lastSeq });
      while (page.items.length > 0) {
        for (const event of page.items) socket.emit('event', event);
        if (page.items.length < CATCH_UP_PAGE) break;
        page = await this.events.after(access, page.items[page.items.length - 1].seq, CATCH_UP_PAGE);
      }
      this.schedulePresence(operationId);
    } catch (e) {
      this.logger.warn(`subscribe failed: ${String(e)}`);
      ack({ ok: false, error: 'unavailable' });
    }
  }

  private schedulePresence(operationId: string): void {
    if (this.presenceTimers.has(operationId)) return;
    const timer = setTimeout(() => {
      this.presenceTimers.delete(operationId);
      void this.announcePresence(operationId);
    }, PRESENCE_INTERVAL_MS);
    timer.unref();
    this.presenceTimers.set(operationId, timer);
  }

  private async announcePresence(operationId: string): Promise<void> {
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
