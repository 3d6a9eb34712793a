import { z } from 'zod';

/**
 * The default catalogue of trafficking indicators, seeded into every operation. Codes are stable
 * identifiers stored with findings; labels are what officers read.
 */
export const DEFAULT_INDICATORS = [
  { code: 'rented_for_days', label: 'Person "rented" for 7/14/21 days' },
  { code: 'virginity_auction', label: 'Virginity auction' },
  { code: 'visibly_very_young', label: 'Visibly very young' },
  { code: 'third_party_control', label: 'Third-party control (pimp, manager)' },
  { code: 'multi_country_ads', label: 'Advertised in several countries' },
  { code: 'same_phone_many_ads', label: 'Same phone number in many ads' },
  { code: 'false_job_offer', label: 'False or too-good job offer' },
  { code: 'frequent_relocation', label: 'Frequent movement between cities' },
  { code: 'restricted_communication', label: 'Cannot communicate directly / third party answers' },
  { code: 'debt_bondage', label: 'Debt, deposit or fees to be repaid' },
  { code: 'no_own_documents', label: 'Documents held by someone else' },
  { code: 'lingo_new_arrival', label: 'Lingo for newly arrived or foreign persons' },
  { code: 'unrealistic_prices', label: 'Prices far below the local market' },
  { code: 'refugee_targeting', label: 'Targets refugees or displaced persons' },
] as const;
export type IndicatorCode = (typeof DEFAULT_INDICATORS)[number]['code'];
export const DEFAULT_INDICATOR_CODES: readonly string[] = DEFAULT_INDICATORS.map((i) => i.code);

/** One entry of an operation's catalogue: the defaults (builtin) and those its coordinators added. */
export const indicatorSchema = z.object({
  code: z.string(),
  label: z.string(),
  builtin: z.boolean(),
}).meta({ id: 'Indicator' });
export type Indicator = z.infer<typeof indicatorSchema>;

export const INDICATOR_CODE_PATTERN = /^[a-z0-9][a-z0-9_]{0,63}$/;

export const createIndicatorRequestSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(INDICATOR_CODE_PATTERN, 'use lower-case letters, digits and underscores (at most 64), starting with a letter or digit'),
  label: z.string().trim().min(1).max(200),
});
export type CreateIndicatorRequest = z.infer<typeof createIndicatorRequestSchema>;

/** A code for a new indicator from its label: `Fake "model" casting` -> `fake_model_casting`. */
export function indicatorCodeFromLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
}
