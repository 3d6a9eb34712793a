import { z } from 'zod';
import { idSchema } from './common';
import { findingSchema } from './findings';
import type { ImportProgress } from './imports';
import { indicatorSchema } from './indicators';
import { matchSchema } from './matches';
import { memberSchema, operationCoreSchema, teamSchema } from './operations';
import { publicationSchema } from './publications';
import { tallyDeltaSchema } from './tallies';
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
  'target.created': z.object({ target: targetSchema }),
  'target.updated': z.object({ targets: z.array(targetPatchSchema) }),
  'targets.imported': z.object({ count: z.number().int(), firstCreatedAt: z.string() }),
  'finding.created': z.object({ finding: findingSchema }),
  'finding.updated': z.object({ finding: findingSchema }),
  'correlation.match': z.object({ match: matchSchema }),
  'indicator.created': z.object({ indicator: indicatorSchema }),
  'tally.updated': z.object({ deltas: z.array(tallyDeltaSchema) }),
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
});
/** An event as sent on the wire, typed by its `type`. */
export type LiveEvent = {
  [T in EventType]: { operationId: string; seq: number; type: T; at: string; actorId: string | null; data: EventData<T> };
}[EventType];

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

/** socket.io namespace `/live`: typed on both ends (Server<...> in the API, Socket<...> in the web). */
export interface ServerToClientEvents {
  event: (event: LiveEvent) => void;
  presence: (presence: Presence) => void;
  /** Progress of a long-running import; sent to coordinators, not kept in the event log. */
  progress: (progress: ImportProgress) => void;
}
export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (ack: SubscribeAck) => void) => void;
  unsubscribe: (request: { operationId: string }, ack?: (ack: SubscribeAck) => void) => void;
}
export const LIVE_NAMESPACE = '/live';
