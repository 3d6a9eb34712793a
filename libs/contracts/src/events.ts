import { z } from 'zod';
import { idSchema } from './common';
import { findingSchema } from './findings';
import type { ImportProgress } from './imports';
import { indicatorSchema } from './indicators';
import { matchSchema } from './matches';
import { memberSchema, operationCoreSchema, teamSchema } from './operations';
import { publicationSchema } from './publications';
import { tallyDeltaSchema, victimFiguresSchema, victimReleaseSchema } from './tallies';
import { targetSchema } from './targets';

/** What changed on a target; enough to patch a cached target without refetching it. */
export const targetPatchSchema = targetSchema.pick({
  id: true,
  status: true,
  outcome: true,
  teamId: true,
  version: true,
  updatedAt: true,
});
export type TargetPatch = z.infer<typeof targetPatchSchema>;


/** The data of each event type, by name. Names are past tense with a dot. */
export const eventDataSchemas = {
  'operation.updated': z.object({ operation: operationCoreSchema }),
  'team.updated': z.object({ team: teamSchema }),
  'member.updated': z.object({ member: memberSchema }),
  'member.removed': z.object({ userId: idSchema }),
  'target.created': z.object({ target: targetSchema }),
  'target.updated': z.object({ targets: z.array(targetPatchSchema) }),
  'targets.imported': z.object({ count: z.number().int(), firstCreatedAt: z.string() }),
  'finding.created': z.object({ finding: findingSchema }),
  'finding.updated': z.object({ finding: findingSchema }),
  'correlation.match': z.object({ match: matchSchema }),
  'indicator.created': z.object({ indicator: indicatorSchema }),
  'tally.updated': z.object({ deltas: z.array(tallyDeltaSchema) }),
  /**
   * New victim figures for members without victim access (see Tallies.victimRelease): the same
   * for every member; those who see the exact figures ignore it.
   */
  'tally.released': z.object({ possibleVictims: victimFiguresSchema.nullable(), victimRelease: victimReleaseSchema }),
  'publication.created': z.object({ publication: publicationSchema }),
} as const;
export type EventType = keyof typeof eventDataSchemas;
export const EVENT_TYPES = Object.keys(eventDataSchemas) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;

export const liveEventSchema = z.object({
  operationId: idSchema,
  seq: z.number().int().min(1),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  at: z.string(),
  actorId: idSchema.nullable(),
  data: z.unknown(),
}).meta({ id: 'LiveEvent' });
/** An event as sent on the wire, typed by its `type`. */
export type LiveEvent = {
  [T in EventType]: { operationId: string; seq: number; type: T; at: string; actorId: string | null; data: EventData<T> };
}[EventType];

/**
 * What travels on the socket: the events of one operation that leave together, in `seq` order.
 * The events of one write always share a frame; under load a socket gets at most one frame per
 * operation every FRAME_WINDOW_MS. Each event of it is the frame's operation's (the id is not
 * repeated per event). The frames of one API instance come in `seq` order; with several
 * instances, a frame of one may arrive before the frame of another that holds earlier events:
 * the client buffers what comes after a gap and fetches it over HTTP if it does not arrive.
 */
export interface LiveFrame {
  operationId: string;
  events: FrameEvent[];
}
/** An event as it travels in a frame: a LiveEvent without the operation id. */
export type FrameEvent = { [T in EventType]: Omit<Extract<LiveEvent, { type: T }>, 'operationId'> }[EventType];
/** The longest a write's events wait on the server to share a frame with the next ones. */
export const FRAME_WINDOW_MS = 20;

/** Events of one operation as one frame. */
export function toFrame(operationId: string, events: readonly LiveEvent[]): LiveFrame {
  return { operationId, events: events.map(({ operationId: _, ...e }) => e as FrameEvent) };
}

/** The frame's events as the operation's LiveEvents. */
export function eventsOfFrame(frame: LiveFrame): LiveEvent[] {
  return frame.events.map((e) => ({ ...e, operationId: frame.operationId }) as LiveEvent);
}

export const eventsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type EventsQuery = z.infer<typeof eventsQuerySchema>;
export const eventsResponseSchema = z.object({
  items: z.array(liveEventSchema),
  /** The operation's last seq when read; more events may follow when items is full. */
  lastSeq: z.number().int(),
});
export type EventsResponse = { items: LiveEvent[]; lastSeq: number };

export const subscribeRequestSchema = z.strictObject({
  operationId: idSchema,
  afterSeq: z.number().int().min(0).optional(),
});
export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;
export type SubscribeAck = { ok: true; seq: number } | { ok: false; error: string };

export const presenceSchema = z.object({
  operationId: idSchema,
  online: z.array(z.object({ userId: idSchema, teamId: idSchema.nullable() })),
});
export type Presence = z.infer<typeof presenceSchema>;

/**
 * Why the server changed what a socket receives. For an operation: the member's role or team
 * changed (`changed`: the socket now gets what the new access allows; reload what was shown), or
 * the member was removed (`removed`: nothing more arrives). For the whole socket (operationId
 * null): the session ended (`signed_out`), the account was disabled (`disabled`) or the access
 * token expired without a `reauth` (`expired`); the server then disconnects it.
 */
export const ACCESS_REASONS = ['changed', 'removed', 'signed_out', 'disabled', 'expired'] as const;
export const accessNoticeSchema = z.object({
  operationId: idSchema.nullable(),
  reason: z.enum(ACCESS_REASONS),
  message: z.string(),
});
export type AccessNotice = z.infer<typeof accessNoticeSchema>;
/** What a removed member is told: by the server's notice, or by the client when its subscribe is refused after the removal. */
export const REMOVED_MESSAGE = 'You are no longer a member of this operation.';

/** A fresh access token for an open socket, sent before the one it connected with expires. */
export const reauthRequestSchema = z.strictObject({ token: z.string().min(1).max(4096) });
export type ReauthRequest = z.infer<typeof reauthRequestSchema>;
export type ReauthAck = { ok: true; expiresAt: string } | { ok: false; error: string };

/** The last seq of an operation's event log. */
export interface LogHead {
  operationId: string;
  seq: number;
}

/** socket.io namespace `/live`: typed on both ends (Server<...> in the API, Socket<...> in the web). */
export interface ServerToClientEvents {
  /** Events of one operation, in seq order (see LiveFrame). */
  events: (frame: LiveFrame) => void;
  presence: (presence: Presence) => void;
  /** Progress of a long-running import; sent to coordinators, not kept in the event log. */
  progress: (progress: ImportProgress) => void;
  access: (notice: AccessNotice) => void;
  /**
   * How far the operation's event log is: a subscribed client behind it fetches what it missed
   * (GET .../events?after=). Sent now and then, and at once when an instance's link to the
   * others (Redis) comes back, since events of the other instances may have missed it meanwhile.
   */
  head: (head: LogHead) => void;
}
export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (ack: SubscribeAck) => void) => void;
  unsubscribe: (request: { operationId: string }, ack?: (ack: SubscribeAck) => void) => void;
  reauth: (request: ReauthRequest, ack: (ack: ReauthAck) => void) => void;
}
export const LIVE_NAMESPACE = '/live';
