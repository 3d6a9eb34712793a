import { z } from 'zod';
import { idSchema } from './common';

const count = z.number().int();
/** A released victim count: null when it is below the suppression threshold (shown as "<3"). */
const releasedCount = count.nullable();

/**
 * Possible victims: exact for members who may see victims' details; for everyone else a released
 * aggregate whose counts below the threshold are null (see `victimRelease`).
 */
export const victimFiguresSchema = z.object({
  total: releasedCount,
  minors: releasedCount,
  byNationality: z.record(z.string(), releasedCount),
});
export type VictimFigures = z.infer<typeof victimFiguresSchema>;

export const victimReleaseSchema = z.object({
  releasedAt: z.string().nullable(),
  suppressBelow: count,
  topIndicators: z.array(z.object({ code: z.string(), count })),
});

/** The figures of PRODUCT.md, counted for the whole operation or for one team, country or tag. */
export const tallyFiguresSchema = z.object({
  examined: z.object({ platforms: count, usernames: count, communications: count }),
  platforms: z.object({ suspected: count, confirmed: count, referred: count }),
  suspects: count,
  /** Null where the viewer gets no victim figures: per team, country, category and tag for members without victim access. */
  possibleVictims: victimFiguresSchema.nullable(),
  targets: z.object({
    byState: z.object({ unassigned: count, assigned: count, in_progress: count, done: count }),
  }),
});
export type TallyFigures = z.infer<typeof tallyFiguresSchema>;

export const talliesSchema = tallyFiguresSchema.extend({
  operationId: idSchema,
  frozen: z.boolean(),
  /** When the operation was closed and its figures frozen; null while it is open. */
  closedAt: z.string().nullable(),
  /** SHA-256 (hex) of the stored snapshot's canonical JSON, which holds these figures; null while open. */
  snapshotSha256: z.string().nullable(),
  /** The seq of the last event these figures include: apply only tally.updated events after it. */
  asOfSeq: count,
  /** Who took part: members other than observers, and the operation's participating countries. */
  participants: z.object({ experts: count, countries: count }),
  byTeam: z.array(tallyFiguresSchema.extend({ teamId: idSchema, name: z.string() })),
  byCountry: z.record(z.string(), tallyFiguresSchema),
  /** By the platform category (OSCE taxonomy) of the target; "uncategorized" when it has none. */
  byCategory: z.record(z.string(), tallyFiguresSchema),
  byTag: z.record(z.string(), tallyFiguresSchema),
  findingsPerHour: z.array(z.object({ hour: z.string(), count })),
  /** Indicators in use, most frequent first; for members without victim access, of findings other than possible victims. */
  topIndicators: z.array(z.object({ code: z.string(), count })),
  /**
   * Null when the victim figures above are exact and live (coordinators, organizers). For every
   * other member they are the latest release: operation-wide only, renewed at most every
   * VICTIM_FIGURES_SECONDS, each figure moving only in steps of at least VICTIM_RELEASE_BATCH;
   * counts below `suppressBelow` are null ("<3"), nationalities and indicators below it are not
   * named. `topIndicators` holds the released indicators of victim findings. `releasedAt` is null
   * before the first release.
   */
  victimRelease: victimReleaseSchema.nullable(),
}).meta({ id: 'Tallies' });
export type Tallies = z.infer<typeof talliesSchema>;
export type VictimRelease = z.infer<typeof victimReleaseSchema>;

/** Where a counter is kept: the whole operation, or one team, country (of the team), target category or tag. */
export const TALLY_DIMENSIONS = ['all', 'team', 'country', 'category', 'tag'] as const;
/** The category key of targets (and their findings) that have none. */
export const UNCATEGORIZED = 'uncategorized';
export const tallyDimensionSchema = z.enum(TALLY_DIMENSIONS);
export type TallyDimension = z.infer<typeof tallyDimensionSchema>;

export const TALLY_METRICS = [
  'examined_platforms',
  'examined_usernames',
  'examined_communications',
  'platforms_suspected',
  'platforms_confirmed',
  'platforms_referred',
  'suspects',
  'victims_total',
  'victims_minors',
  /** sub = nationality (ISO alpha-2) or "unknown" */
  'victims_nationality',
  /** sub = target state */
  'targets_state',
  /** sub = hour, ISO 8601 UTC truncated to the hour; kept for dimension "all" only */
  'findings_hour',
  /** sub = indicator code; kept for dimension "all" only; findings other than possible victims */
  'indicator',
  /** sub = indicator code; kept for dimension "all" only; possible victims and other restricted findings */
  'victim_indicator',
] as const;
export const tallyMetricSchema = z.enum(TALLY_METRICS);
export type TallyMetric = z.infer<typeof tallyMetricSchema>;

/** One change of one counter. tally.updated carries these, not the whole tallies. */
export const tallyDeltaSchema = z.object({
  dim: tallyDimensionSchema,
  key: z.string(),
  metric: tallyMetricSchema,
  sub: z.string(),
  delta: count,
});
export type TallyDelta = z.infer<typeof tallyDeltaSchema>;

/** The counters that describe possible victims: never sent, per write, to members without victim access. */
export const VICTIM_METRICS: ReadonlySet<TallyMetric> = new Set<TallyMetric>([
  'victims_total',
  'victims_minors',
  'victims_nationality',
  'victim_indicator',
]);
