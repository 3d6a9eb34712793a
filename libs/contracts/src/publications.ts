import { z } from 'zod';
import { LIMITS, shortText } from './common';
import { operationKindSchema } from './operations';

/**
 * The figures an organizer can publish, named by their path in the tallies. The last two are
 * breakdowns: one value per nationality, and examined platforms per target tag.
 */
export const PUBLICATION_FIGURES = [
  'participants.experts',
  'participants.countries',
  'examined.platforms',
  'examined.usernames',
  'examined.communications',
  'platforms.suspected',
  'platforms.confirmed',
  'platforms.referred',
  'suspects',
  'possibleVictims.total',
  'possibleVictims.minors',
  'possibleVictims.byNationality',
  'examined.platforms.byTag',
] as const;
export const publicationFigureNameSchema = z.enum(PUBLICATION_FIGURES);
export type PublicationFigureName = z.infer<typeof publicationFigureNameSchema>;

export const DEFAULT_SUPPRESS_BELOW = 3;

/** Lower-case words joined by hyphens: it becomes part of a public address. */
export const slugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by single hyphens')
  .min(3)
  .max(80);

const uniqueNames = (names: readonly string[]) => new Set(names).size === names.length;

export const createPublicationRequestSchema = z
  .strictObject({
    title: shortText(),
    /** The press-release paragraph; drafted from the published figures when left out. */
    text: z.string().trim().min(1).max(LIMITS.notes).optional(),
    /** Made from the title and the date when left out. */
    slug: slugSchema.optional(),
    figures: z.array(publicationFigureNameSchema).min(1, 'pick at least one figure to publish').refine(uniqueNames, 'lists a figure twice'),
    /** Figures published with their exact value even below the threshold: a deliberate choice. */
    exact: z.array(publicationFigureNameSchema).default([]),
    suppressBelow: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1 (1 publishes every count as it is)')
      .max(1000, 'must be at most 1000')
      .default(DEFAULT_SUPPRESS_BELOW),
  })
  .refine((r) => r.exact.every((name) => r.figures.includes(name)), {
    path: ['exact'],
    message: 'names a figure that is not published',
  });
export type CreatePublicationRequest = z.input<typeof createPublicationRequestSchema>;
export type CreatePublication = z.output<typeof createPublicationRequestSchema>;

/** A published count: `value` is null and `display` reads "<3" when it is suppressed. */
export const publishedCountSchema = z.object({
  value: z.number().int().nullable(),
  display: z.string(),
});
export type PublishedCount = z.infer<typeof publishedCountSchema>;

export const publishedFigureSchema = publishedCountSchema.extend({
  name: publicationFigureNameSchema,
  label: z.string(),
  breakdown: z.array(publishedCountSchema.extend({ key: z.string() })).optional(),
});
export type PublishedFigure = z.infer<typeof publishedFigureSchema>;

/** Everything public about an operation: aggregate figures only, no names, no personal data. */
export const publicationSchema = z.object({
  slug: z.string(),
  title: z.string(),
  text: z.string(),
  kind: operationKindSchema,
  startsAt: z.string(),
  endsAt: z.string(),
  timezone: z.string(),
  suppressBelow: z.number().int(),
  figures: z.array(publishedFigureSchema),
  publishedAt: z.string(),
}).meta({ id: 'Publication' });
export type Publication = z.infer<typeof publicationSchema>;
