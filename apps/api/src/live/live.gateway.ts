import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import {
  LIVE_NAMESPACE,
  REMOVED_MESSAGE,
  reauthRequestSchema,
  subscribeRequestSchema,
  toFrame,
  type AccessNotice,
  type ReauthAck,
  type SubscribeAck,
} from '@actionday/contracts';
import { AccessService } from '../auth/access.service';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { TokensService } from '../auth/tokens.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EventsService } from './events.service';
import type { LiveSocket } from './live-socket';
import { type LiveNamespace, LivePublisher } from './live.publisher';
import { PresenceAnnouncer } from './presence';
import { rooms, roomsFor } from './rooms';
import { SocketQueues } from './socket-queues';

/** Events per frame of a replay. */
const CATCH_UP_PAGE = 500;
/**
 * Every subscribed client is told how far its operation's log is this often: an event emitted
 * while it could not reach the client (another instance cut off from Redis, a failed emit) is
 * then fetched within this time even when no later event shows the gap.
 */
const HEAD_INTERVAL_MS = 30_000;
/** setTimeout's ceiling; a longer token lifetime is re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A subscribe that keeps meeting access changes gives up after this many tries (the client retries). */
const SUBSCRIBE_TRIES = 3;

/**
 * Transport only: authenticates the handshake, checks membership before joining rooms, replays
 * missed events on subscribe, and reports presence. Events themselves come from LivePublisher.
 *
 * A socket's access is never fixed: it lives only as long as its access token (a `reauth` with a
 * fresh one extends it), its rooms are recomputed when the member's role or team changes or the
 * member is removed, and its session ending or its account being disabled closes it.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnGatewayDisconnect<LiveSocket>, OnModuleDestroy {
  private readonly logger = new Logger('live');
  private namespace!: LiveNamespace;
  private presence!: PresenceAnnouncer;
  private headTimer: NodeJS.Timeout | null = null;
  /** Per socket: its expiry timer. */
  private readonly expiry = new WeakMap<LiveSocket, NodeJS.Timeout>();
  private readonly queues = new SocketQueues(this.logger);
  /**
   * Per socket and operation: how many access changes it has seen. A subscribe that read the
   * membership before a change must not join the rooms of what it read after it.
   */
  private readonly epochs = new WeakMap<LiveSocket, Map<string, number>>();

  constructor(
    private readonly tokens: TokensService,
    private readonly access: AccessService,
    private readonly events: EventsService,
    private readonly publisher: LivePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    this.namespace = namespace;
    this.presence = new PresenceAnnouncer(namespace, this.publisher, this.logger);
    this.headTimer = setInterval(() => void this.announceHeads(), HEAD_INTERVAL_MS);
    this.headTimer.unref();
    this.publisher.attach(namespace, this.config.redisUrl !== null, (operationId, userIds) => void this.recheck(operationId, userIds));
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      void this.authenticate(token).then(
        (user) => {
          if (!user) return next(new Error('unauthorized'));
          socket.data.user = user;
          socket.data.subscriptions = Object.create(null) as Record<string, OperationAccess>;
          next();
        },
        () => next(new Error('unavailable')),
      );
    });
  }

  /** A valid access token of a live session of an enabled account. */
  private async authenticate(token: unknown): Promise<AuthUser | null> {
    const user = typeof token === 'string' ? await this.tokens.verifyAccessToken(token) : null;
    return user && (await this.access.signedIn(user)) ? user : null;
  }

  handleConnection(socket: LiveSocket): void {
    const user = socket.data.user;
    void socket.join([rooms.user(user.id), rooms.session(user.sessionId)]);
    // A logout or a disabled account between the handshake's check and joining those rooms would
    // have missed this socket: checked again now that it can be reached.
    void this.access.signedIn(user).then(
      (ok) => ok || this.close(socket, { operationId: null, reason: 'signed_out', message: 'This session has ended; sign in again.' }),
      () => undefined,
    );
    this.armExpiry(socket);
    socket.on('subscribe', (request, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      if (!this.queues.enqueue(socket, () => this.subscribe(socket, request, reply))) reply({ ok: false, error: 'too many requests; wait for the answers' });
    });
    socket.on('unsubscribe', (request, ack) => {
      const operationId = typeof request?.operationId === 'string' ? request.operationId : '';
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const taken = this.queues.enqueue(socket, async () => {
        if (Object.hasOwn(socket.data.subscriptions, operationId)) {
          this.leaveOperation(socket, operationId);
          this.presence.schedule(operationId);
        }
        reply({ ok: true, seq: 0 });
      });
      if (!taken) reply({ ok: false, error: 'too many requests; wait for the answers' });
    });
    socket.on('reauth', (request, ack) => void this.reauth(socket, request, typeof ack === 'function' ? ack : () => undefined));
  }

  handleDisconnect(socket: LiveSocket): void {
    const timer = this.expiry.get(socket);
    if (timer) clearTimeout(timer);
    for (const operationId of Object.keys(socket.data.subscriptions ?? {})) this.presence.schedule(operationId);
  }

  private epoch(socket: LiveSocket, operationId: string): number {
    return this.epochs.get(socket)?.get(operationId) ?? 0;
  }

  /**
   * Leaves every room of the operation at once, whatever access they were joined with, in this
   * turn of the event loop (the adapters here keep rooms in memory): nothing handled next, a
   * frame from another worker say, can reach the socket through them.
   */
  private leaveOperation(socket: LiveSocket, operationId: string): void {
    this.leaveRooms(socket, operationId);
    delete socket.data.subscriptions[operationId];
  }

  private leaveRooms(socket: LiveSocket, operationId: string): void {
    const prefix = rooms.all(operationId);
    for (const room of [...socket.rooms]) if (room === prefix || room.startsWith(`${prefix}:`)) void socket.leave(room);
  }

  /** When the access token the socket holds expires, the socket is told and closed, unless a reauth came first. */
  private armExpiry(socket: LiveSocket): void {
    const previous = this.expiry.get(socket);
    if (previous) clearTimeout(previous);
    const ms = socket.data.user.expiresAt * 1000 - Date.now();
    const timer = setTimeout(
      () => {
        if (socket.data.user.expiresAt * 1000 > Date.now()) return this.armExpiry(socket);
        this.close(socket, { operationId: null, reason: 'expired', message: 'The sign-in expired; reconnect with a fresh token.' });
      },
      Math.max(0, Math.min(ms, MAX_TIMER_MS)),
    );
    timer.unref();
    this.expiry.set(socket, timer);
  }

  private close(socket: LiveSocket, notice: AccessNotice): void {
    socket.emit('access', notice);
    socket.disconnect(true);
  }

  private async reauth(socket: LiveSocket, request: unknown, ack: (a: ReauthAck) => void): Promise<void> {
    const parsed = reauthRequestSchema.safeParse(request);
    if (!parsed.success) return ack({ ok: false, error: 'bad request: token' });
    try {
      const user = await this.authenticate(parsed.data.token);
      // A token of another account would turn this socket into someone else's: refused.
      if (!user || user.id !== socket.data.user.id) return ack({ ok: false, error: 'unauthorized' });
      const oldSession = socket.data.user.sessionId;
      socket.data.user = user;
      if (user.sessionId !== oldSession) {
        await socket.leave(rooms.session(oldSession));
        await socket.join(rooms.session(user.sessionId));
      }
      this.armExpiry(socket);
      ack({ ok: true, expiresAt: new Date(user.expiresAt * 1000).toISOString() });
    } catch (e) {
      this.logger.warn(`reauth failed: ${String(e)}`);
      ack({ ok: false, error: 'unavailable' });
    }
  }

  private async subscribe(socket: LiveSocket, request: unknown, ack: (a: SubscribeAck) => void): Promise<void> {
    const parsed = subscribeRequestSchema.safeParse(request);
    if (!parsed.success) return ack({ ok: false, error: `bad request: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}` });
    const { operationId, afterSeq } = parsed.data;
    try {
      for (let attempt = 0; attempt < SUBSCRIBE_TRIES; attempt++) {
        const epoch = this.epoch(socket, operationId);
        const { signedIn, access } = await this.access.check(socket.data.user, operationId);
        if (!signedIn) return this.close(socket, { operationId: null, reason: 'signed_out', message: 'This session has ended; sign in again.' });
        if (!access) {
          // Subscribed until now: the member was removed, and this read saw it before the
          // removal's own re-check (which then finds nothing to do) reached the socket.
          const wasSubscribed = Object.hasOwn(socket.data.subscriptions, operationId);
          this.leaveOperation(socket, operationId);
          if (wasSubscribed) {
            socket.emit('access', { operationId, reason: 'removed', message: REMOVED_MESSAGE });
            this.presence.schedule(operationId);
          }
          return ack({ ok: false, error: 'not found' });
        }
        if (this.epoch(socket, operationId) !== epoch) continue;
        // Join first, then replay: an event committed meanwhile arrives twice at worst, and the
        // client drops what it has already applied by seq. Never lost. A socket subscribed
        // already keeps its record (not its rooms) until the new one replaces it, so that an
        // access change meanwhile still finds it subscribed and tells it.
        this.leaveRooms(socket, operationId);
        this.publisher.sendWaiting(operationId);
        await socket.join(roomsFor(operationId, access));
        if (this.epoch(socket, operationId) !== epoch) {
          // The access changed while joining: what was joined may be the old access's rooms.
          this.leaveRooms(socket, operationId);
          continue;
        }
        socket.data.subscriptions[operationId] = access;
        await this.replay(socket, operationId, access, afterSeq, ack);
        this.presence.schedule(operationId);
        return;
      }
      ack({ ok: false, error: 'unavailable' });
    } catch (e) {
      this.logger.warn(`subscribe failed: ${String(e)}`);
      ack({ ok: false, error: 'unavailable' });
    }
  }

  /**
   * What the client missed, page by page, each page read with the membership of the same
   * snapshot: if the access changed meanwhile, the replay stops (the client is told and
   * subscribes again).
   */
  private async replay(socket: LiveSocket, operationId: string, access: OperationAccess, afterSeq: number | undefined, ack: (a: SubscribeAck) => void): Promise<void> {
    const epoch = this.epoch(socket, operationId);
    const same = (a: OperationAccess) => a.role === access.role && a.teamId === access.teamId;
    // Without afterSeq the client only wants events from now on: read nothing but the last seq.
    let read = await this.events.afterForMember(socket.data.user.id, operationId, afterSeq ?? 0, afterSeq === undefined ? 0 : CATCH_UP_PAGE);
    if (!read || !same(read.access) || this.epoch(socket, operationId) !== epoch) return ack({ ok: false, error: 'unavailable' });
    ack({ ok: true, seq: read.page.lastSeq });
    while (read && same(read.access) && this.epoch(socket, operationId) === epoch && read.page.items.length > 0) {
      socket.emit('events', toFrame(operationId, read.page.items));
      if (read.page.items.length < CATCH_UP_PAGE) break;
      read = await this.events.afterForMember(socket.data.user.id, operationId, read.page.items[read.page.items.length - 1].seq, CATCH_UP_PAGE);
    }
  }

  /**
   * The role or team of these members changed, or they were removed. Each of their sockets on
   * this instance that is subscribed to the operation leaves its rooms at once (not behind its
   * queue of subscribes: a flood of them must not delay this), then joins the rooms of the new
   * access, if any, and is told, so that the client reloads what it shows. Runs on every instance.
   *
   * The socket keeps its record (not its rooms) until the new access is known, so that a second
   * change that comes meanwhile still finds it subscribed: the latest re-check tells it, the
   * earlier ones give way. A record gone meanwhile means it was dealt with: the client
   * unsubscribed, or a subscribe of its own saw the change first and told it.
   */
  private async recheck(operationId: string, userIds: readonly string[]): Promise<void> {
    // First, at once and without yielding, every socket of theirs here leaves the operation's
    // rooms: a frame of the operation that this process handles next (from another worker, say)
    // must not reach a socket whose access was just taken away.
    // Every one of their sockets, subscribed or not yet: a subscribe in flight sees the new
    // epoch after joining and reads the access again.
    const affected: { socket: LiveSocket; epoch: number }[] = [];
    for (const socket of this.localSocketsOf(userIds)) {
      const epochs = this.epochs.get(socket) ?? new Map<string, number>();
      const epoch = (epochs.get(operationId) ?? 0) + 1;
      epochs.set(operationId, epoch);
      this.epochs.set(socket, epochs);
      this.leaveRooms(socket, operationId);
      if (Object.hasOwn(socket.data.subscriptions, operationId)) affected.push({ socket, epoch });
    }
    await Promise.all(affected.map(({ socket, epoch }) => this.applyAccessChange(socket, operationId, epoch)));
  }

  private async applyAccessChange(socket: LiveSocket, operationId: string, epoch: number): Promise<void> {
    const current = () => this.epoch(socket, operationId) === epoch && Object.hasOwn(socket.data.subscriptions, operationId);
    try {
      const after = await this.access.membership(socket.data.user.id, operationId);
      if (!current()) return;
      if (after) {
        await socket.join(roomsFor(operationId, after));
        // A newer change while joining: its own re-check decides, from rooms left empty.
        if (this.epoch(socket, operationId) !== epoch) return this.leaveRooms(socket, operationId);
        socket.data.subscriptions[operationId] = after;
        socket.emit('access', { operationId, reason: 'changed', message: `Your access to this operation changed (you are now ${after.role}).` });
      } else {
        delete socket.data.subscriptions[operationId];
        socket.emit('access', { operationId, reason: 'removed', message: REMOVED_MESSAGE });
      }
    } catch (e) {
      // The new access could not be read: out of the rooms it stays, and it is told to
      // subscribe again, which reads the access afresh (and retries while the database is away).
      this.logger.warn(`access re-check failed: ${String(e)}`);
      if (!current()) return;
      delete socket.data.subscriptions[operationId];
      socket.emit('access', { operationId, reason: 'changed', message: 'Your access to this operation changed; reloading.' });
    }
    this.presence.schedule(operationId);
  }

  /** The sockets of these users connected to this process, found without waiting on anything. */
  private localSocketsOf(userIds: readonly string[]): LiveSocket[] {
    const found = new Set<LiveSocket>();
    for (const userId of userIds) {
      for (const id of this.namespace.adapter.rooms.get(rooms.user(userId)) ?? []) {
        const socket = this.namespace.sockets.get(id) as LiveSocket | undefined;
        if (socket) found.add(socket);
      }
    }
    return [...found];
  }

  /**
   * To the clients of this instance, per operation they are subscribed to, the last seq of its
   * log (one query for all of them): a client behind it fetches the rest over HTTP.
   */
  async announceHeads(): Promise<void> {
    try {
      const prefix = rooms.all('');
      const operationIds = [...this.namespace.adapter.rooms.keys()].filter((r) => r.startsWith(prefix) && !r.includes(':', prefix.length)).map((r) => r.slice(prefix.length));
      if (!operationIds.length) return;
      for (const head of await this.events.heads(operationIds)) this.namespace.local.to(rooms.all(head.operationId)).emit('head', head);
    } catch (e) {
      this.logger.warn(`log heads not sent: ${String(e)}`);
    }
  }

  onModuleDestroy(): void {
    if (this.headTimer) clearInterval(this.headTimer);
  }
}
