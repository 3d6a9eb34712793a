import { DEFAULT_INDICATOR_CODES, type IdentifierInput } from '@actionday/contracts';
import { normalizeUrl } from '@actionday/identifiers';
import type { DemoAccount, DemoFinding, DemoFindingBody, DemoTarget } from './demo-plan';
import {
  AD_NAMES,
  fictitiousDomain,
  fictitiousEmail,
  fictitiousPhone,
  siteName,
} from './fictitious';
import type { Random } from './random';
import { drawUnique, type UniqueValues } from './unique-values';

const SUSPECT_ALIASES = [
  '"Boss"',
  'Max K. (demo)',
  'Tony V. (demo)',
  '"Manager"',
  'Mama R. (demo)',
  '"Driver"',
  'Ardi L. (demo)',
];
const SUSPECT_NATIONALITIES = ['AL', 'RO', 'BG', 'UA', 'MD', 'NG', 'DE', 'NL'];
const SUSPECT_ROLES = [
  'recruiter',
  'controller',
  'advertiser',
  'transporter',
  'financier',
  'other',
] as const;
// Most possible victims of the JAD were Ukrainian (25 of 45).
const VICTIM_NATIONALITIES: readonly (readonly [string, number])[] = [
  ['UA', 55],
  ['RO', 10],
  ['MD', 10],
  ['BG', 5],
  ['AL', 5],
  ['NG', 5],
  ['VE', 5],
  ['CN', 5],
];
const SITE_INDICATORS = [
  'multi_country_ads',
  'same_phone_many_ads',
  'lingo_new_arrival',
  'unrealistic_prices',
  'refugee_targeting',
];
const VICTIM_INDICATORS = [
  'rented_for_days',
  'third_party_control',
  'restricted_communication',
  'frequent_relocation',
  'debt_bondage',
  'no_own_documents',
];
const RECRUITMENT_INDICATORS = [
  'false_job_offer',
  'debt_bondage',
  'no_own_documents',
  'refugee_targeting',
];

interface FindingContext {
  random: Random;
  accounts: readonly DemoAccount[];
  targets: readonly DemoTarget[];
  used: UniqueValues;
  /** Start of the day; evidence is captured during it. */
  startsAt: Date;
}

/**
 * A dozen or two findings on the targets teams are working on or have closed, including one
 * phone number logged by two teams in different countries, so the demo shows a match.
 */
export function demoFindings(ctx: FindingContext): DemoFinding[] {
  const { random, targets, accounts } = ctx;
  const officersOf = (teamIndex: number) =>
    accounts.filter((a) => a.role === 'officer' && a.teamIndex === teamIndex);
  const worked = targets
    .map((target, index) => ({ target, index }))
    .filter(
      ({ target }) =>
        (target.status === 'in_progress' || target.status === 'done') && target.teamIndex !== null,
    )
    .filter(({ target }) => target.teamIndex !== null && officersOf(target.teamIndex).length > 0);
  // Targets with something found first, so that the findings tell a story.
  const ranked = [
    ...random.shuffle(
      worked.filter(({ target }) => target.outcome !== null && target.outcome !== 'no_indicators'),
    ),
    ...random.shuffle(
      worked.filter(({ target }) => target.outcome === null || target.outcome === 'no_indicators'),
    ),
  ].slice(0, 14);

  const findings: DemoFinding[] = [];
  let victims = 0;
  const add = (targetIndex: number, accountKey: string, body: DemoFindingBody) =>
    findings.push({ clientKey: `finding.${findings.length + 1}`, targetIndex, accountKey, body });

  for (const { target, index } of ranked) {
    const officer = random.pick(officersOf(target.teamIndex as number)).key;
    const serious =
      target.outcome === 'suspicious' ||
      target.outcome === 'confirmed' ||
      target.outcome === 'referred';
    if (target.kind === 'platform' || target.kind === 'url') {
      add(index, officer, siteAssessment(ctx, target));
      if (serious) add(index, officer, possibleVictim(ctx, target, victims++ < 2));
      if (target.outcome === 'confirmed') add(index, officer, suspect(ctx, target));
    } else if (serious || random.chance(0.5)) {
      add(index, officer, possibleVictim(ctx, target, victims++ < 2));
    } else {
      add(index, officer, suspect(ctx, target));
    }
  }
  shareOneNumber(ctx, findings);
  return findings;
}

/** The same phone number on findings of two teams: what the correlation engine must catch. */
function shareOneNumber(ctx: FindingContext, findings: DemoFinding[]): void {
  const teamOf = (f: DemoFinding) => ctx.targets[f.targetIndex].teamIndex;
  const first = findings.find((f) => f.body.type !== 'site_assessment') ?? findings[0];
  const second = first && findings.find((f) => teamOf(f) !== teamOf(first));
  if (!first || !second) return;
  const phone = drawUnique(
    () => fictitiousPhone(ctx.random),
    (p) => ctx.used.claimNumber(p.e164),
  );
  for (const f of [first, second]) {
    f.body.identifiers = [...(f.body.identifiers ?? []), { kind: 'phone', value: phone.spelled }];
  }
}

function newPhone(ctx: FindingContext): IdentifierInput {
  const phone = drawUnique(
    () => fictitiousPhone(ctx.random),
    (p) => ctx.used.claimNumber(p.e164),
  );
  return { kind: 'phone', value: phone.spelled };
}

/** The target itself as an identifier, when it is one (a phone, a handle, an address). */
function targetIdentifier(target: DemoTarget): IdentifierInput[] {
  switch (target.kind) {
    case 'phone':
    case 'email':
      return [{ kind: target.kind, value: target.value }];
    case 'username':
    case 'messaging':
      return [
        {
          kind: target.kind,
          value: target.value,
          ...(target.platform ? { platform: target.platform } : {}),
        },
      ];
    case 'url':
      return [{ kind: 'url', value: target.value }];
    default:
      return [];
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function some(random: Random, codes: readonly string[], min: number, max: number): string[] {
  return random.shuffle(codes).slice(0, random.int(min, max));
}

function evidence(ctx: FindingContext, url: string) {
  const capturedAt = new Date(
    ctx.startsAt.getTime() + ctx.random.int(30, 600) * 60_000,
  ).toISOString();
  return [{ url, capturedAt, sha256: ctx.random.hex(64) }];
}

function siteAssessment(ctx: FindingContext, target: DemoTarget): DemoFindingBody {
  const { random } = ctx;
  const domain = normalizeUrl(target.value).platform ?? target.value;
  const url = `https://${domain}/`;
  const category = target.category ?? 'other';
  const origins = random
    .shuffle(['UA', 'RO', 'MD', 'BG', 'AL', 'HU', 'NG'])
    .slice(0, random.int(1, 3));
  const place = target.country?.toLowerCase() ?? 'eu';
  return {
    type: 'site_assessment',
    siteName: siteName(domain),
    url,
    category,
    adCount: random.int(15, 4_000),
    recentActivity: random.pick(['low', 'medium', 'high'] as const),
    services:
      category === 'job_recruitment'
        ? 'Jobs abroad: hostess, dancer, au pair'
        : 'Escort and massage, in-call and out-call',
    priceRange: `€${random.int(3, 8) * 10}–€${random.int(15, 40) * 10} per hour`,
    geographicScope: random.pick(['international', 'national', 'regional', 'local'] as const),
    advertisedOrigin: random.pick(['local', 'foreign', 'mixed', 'unknown'] as const),
    advertisedOrigins: origins,
    language: target.language,
    adSpace: random.pick(['owned', 'rented', 'unknown'] as const),
    lingo: random.pick([
      '"new in town"',
      '"just arrived"',
      '"young new girl"',
      '"all services, no limits"',
    ]),
    ...(random.chance(0.4)
      ? { mirrors: [`https://${fictitiousDomain(random, category, place)}/`] }
      : {}),
    identifiers: [
      newPhone(ctx),
      { kind: 'email', value: fictitiousEmail(random, place) },
      ...targetIdentifier(target).filter((i) => i.kind === 'url'),
    ],
    indicators: target.outcome === 'no_indicators' ? [] : some(random, SITE_INDICATORS, 1, 3),
    evidence: evidence(ctx, url),
    notes: 'Assessed with the OSCE mapping fields (demo).',
  };
}

function suspect(ctx: FindingContext, target: DemoTarget): DemoFindingBody {
  const { random } = ctx;
  return {
    type: 'suspect',
    alias: random.pick(SUSPECT_ALIASES),
    nationality: random.pick(SUSPECT_NATIONALITIES),
    role: random.pick(SUSPECT_ROLES),
    identifiers: [...targetIdentifier(target), newPhone(ctx)],
    indicators: some(
      random,
      target.tags?.includes('labour')
        ? RECRUITMENT_INDICATORS
        : ['third_party_control', 'multi_country_ads', 'same_phone_many_ads'],
      1,
      2,
    ),
    notes: 'Answers the phone for several ads (demo).',
  };
}

function possibleVictim(ctx: FindingContext, target: DemoTarget, minor: boolean): DemoFindingBody {
  const { random } = ctx;
  const nationality = random.weighted(VICTIM_NATIONALITIES);
  const ageMin = minor ? random.int(15, 16) : random.int(18, 26);
  const indicators = some(
    random,
    target.tags?.includes('labour') ? RECRUITMENT_INDICATORS : VICTIM_INDICATORS,
    1,
    3,
  );
  if (minor) indicators.push('visibly_very_young');
  if (nationality === 'UA' && !indicators.includes('refugee_targeting'))
    indicators.push('refugee_targeting');
  return {
    type: 'possible_victim',
    alias: `Ad "${capitalize(random.pick(AD_NAMES))}" #${random.int(1000, 9999)}`,
    nationality,
    ageMin,
    ageMax: minor ? 17 : ageMin + random.int(2, 6),
    minor,
    // On a site, the ad's own phone number is what ties the person to other ads.
    identifiers:
      target.kind === 'platform' || target.kind === 'url'
        ? [newPhone(ctx)]
        : targetIdentifier(target),
    indicators: indicators.filter((code) => DEFAULT_INDICATOR_CODES.includes(code)),
    notes: minor
      ? 'Looks younger than the stated age; referred to child protection (demo).'
      : 'Ad text suggests third-party control (demo).',
  };
}
