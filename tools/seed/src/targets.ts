import {
  PLATFORM_CATEGORIES,
  type PlatformCategory,
  type TargetKind,
  type TargetOutcome,
} from '@actionday/contracts';
import type { DemoTarget, DemoTargetStatus } from './demo-plan';
import {
  AD_NAMES,
  fictitiousDomain,
  fictitiousEmail,
  fictitiousHandle,
  fictitiousPath,
  fictitiousPhone,
  SOCIAL_PLATFORMS,
} from './fictitious';
import { apportion, type Random } from './random';
import type { CatalogueTeam } from './teams';
import { drawUnique, type UniqueValues } from './unique-values';

const KIND_SHARES = {
  platform: 40,
  url: 15,
  username: 15,
  phone: 15,
  email: 8,
  messaging: 7,
} as const;

// Roughly the mix of the OSCE mapping: many escort and classified sites, CSAM-related rare.
const CATEGORY_WEIGHTS: readonly (readonly [PlatformCategory, number])[] = [
  ['escort', 20],
  ['classifieds', 15],
  ['massage', 10],
  ['dating_social', 10],
  ['advertising_aggregator', 8],
  ['job_recruitment', 8],
  ['sugar_dating', 6],
  ['forum', 6],
  ['hobby_board', 5],
  ['marketplace', 5],
  ['messaging_group', 4],
  ['other', 2],
  ['csam_related', 1],
];

// Countries near the front line and on the main refugee routes see more Ukraine-related targets.
const REFUGEE_ROUTE = new Set(['UA', 'PL', 'MD', 'RO', 'SK', 'HU', 'CZ', 'DE']);

const NOTES = [
  'From the NGO hotline list (demo).',
  'Listed in the previous mapping exercise (demo).',
  'Tip from a partner agency (demo).',
  'Ads reposted daily; check recent activity.',
  'Possible mirror of another listed site.',
];

interface Site {
  domain: string;
  category: PlatformCategory;
}

type Draft = Omit<
  DemoTarget,
  'teamIndex' | 'status' | 'outcome' | 'country' | 'language' | 'tags' | 'priority'
>;

export function demoTargets(
  random: Random,
  teams: readonly CatalogueTeam[],
  targetCount: number,
  used: UniqueValues,
): DemoTarget[] {
  const counts = apportion(targetCount, KIND_SHARES);
  const kinds = random.shuffle(
    (Object.keys(counts) as (keyof typeof KIND_SHARES)[]).flatMap((kind) =>
      Array<TargetKind>(counts[kind]).fill(kind),
    ),
  );
  const sites: Site[] = [];
  let platformsSoFar = 0;

  const drafts = kinds.map((kind) => {
    const teamIndex = random.int(0, teams.length - 1);
    const team = teams[teamIndex];
    let draft: Draft;
    switch (kind) {
      case 'platform': {
        // The first platforms walk through every category so that each one shows up.
        const category =
          platformsSoFar < PLATFORM_CATEGORIES.length
            ? PLATFORM_CATEGORIES[platformsSoFar]
            : random.weighted(CATEGORY_WEIGHTS);
        platformsSoFar++;
        const domain = drawUnique(
          () => fictitiousDomain(random, category, team.city),
          (d) => used.claim('platform', d),
        );
        sites.push({ domain, category });
        const value = random.weighted([
          [domain, 7],
          [`https://www.${domain}/`, 2],
          [`www.${domain}`, 1],
        ] as const);
        draft = { kind, value, category };
        break;
      }
      case 'url': {
        const site: Site =
          sites.length > 0 && random.chance(0.6)
            ? random.pick(sites)
            : (() => {
                const category = random.weighted(CATEGORY_WEIGHTS);
                return { domain: fictitiousDomain(random, category, team.city), category };
              })();
        const value = drawUnique(
          () =>
            `${random.pick(['https://', 'https://www.', 'http://'])}${site.domain}${fictitiousPath(random, site.category, team.city)}` +
            (random.chance(0.2) ? '?utm_source=telegram&utm_medium=share' : ''),
          (v) => used.claim('url', v),
        );
        draft = { kind, value, category: site.category };
        break;
      }
      case 'username': {
        const onSite = sites.filter((s) =>
          ['dating_social', 'sugar_dating', 'escort', 'forum'].includes(s.category),
        );
        const site = onSite.length > 0 && random.chance(0.25) ? random.pick(onSite) : null;
        const platform = site ? site.domain : random.pick(SOCIAL_PLATFORMS);
        const handle = drawUnique(
          () => fictitiousHandle(random),
          (h) => used.claim('username', h, { platform }),
        );
        draft = {
          kind,
          value: random.chance(0.5) ? `@${handle}` : handle,
          platform,
          ...(site ? { category: site.category } : {}),
        };
        break;
      }
      case 'phone': {
        const phone = drawUnique(
          () => fictitiousPhone(random),
          (p) => used.claimNumber(p.e164) && used.claim('phone', p.spelled),
        );
        draft = { kind, value: phone.spelled };
        break;
      }
      case 'email':
        draft = {
          kind,
          value: drawUnique(
            () => fictitiousEmail(random, team.city),
            (e) => used.claim('email', e),
          ),
        };
        break;
      case 'messaging':
        draft = demoMessaging(random, team, used);
        break;
      default:
        throw new Error(`no demo generator for ${kind}`);
    }
    return { teamIndex, draft };
  });

  const statuses = demoStatuses(random, drafts.length);
  return drafts.map(({ teamIndex, draft }, i): DemoTarget => {
    const team = teams[teamIndex];
    const tags = demoTags(random, team.country, draft.category);
    const { status, outcome } = statuses[i];
    const target: DemoTarget = {
      ...draft,
      country: team.country,
      language: team.language,
      tags,
      priority: demoPriority(random, tags),
      teamIndex: status === 'unassigned' ? null : teamIndex,
      status,
      outcome,
    };
    if (random.chance(0.25)) target.notes = random.pick(NOTES);
    return target;
  });
}

function demoMessaging(random: Random, team: CatalogueTeam, used: UniqueValues): Draft {
  const app = random.weighted([
    ['Telegram', 6],
    ['WhatsApp', 3],
    ['Signal', 1],
  ] as const);
  if (app === 'WhatsApp') {
    const phone = drawUnique(
      () => fictitiousPhone(random),
      (p) => used.claimNumber(p.e164) && used.claim('messaging', p.spelled, { platform: app }),
    );
    return { kind: 'messaging', value: phone.spelled, platform: app };
  }
  const value = drawUnique(
    () => {
      const name = random.pick(AD_NAMES);
      const n = random.int(1, 999);
      return app === 'Telegram'
        ? random.pick([
            `@${team.city}_work_demo${n}`,
            `@${name}_vip_demo${n}`,
            `@jobs_abroad_demo${n}`,
          ])
        : `${name}_demo.${String(n).padStart(2, '0')}`;
    },
    (v) => used.claim('messaging', v, { platform: app }),
  );
  return {
    kind: 'messaging',
    value,
    platform: app,
    ...(app === 'Telegram' && random.chance(0.5) ? { category: 'messaging_group' } : {}),
  };
}

function demoTags(
  random: Random,
  country: string,
  category: PlatformCategory | undefined,
): string[] {
  const tags: string[] = [];
  if (random.chance(REFUGEE_ROUTE.has(country) ? 0.4 : 0.15)) tags.push('ukraine-related');
  if (category === 'job_recruitment' ? random.chance(0.8) : random.chance(0.04))
    tags.push('labour');
  if (category === 'csam_related') tags.push('csam-referral');
  if (
    random.chance(
      category === 'forum' || category === 'marketplace' || category === 'csam_related'
        ? 0.3
        : 0.01,
    )
  ) {
    tags.push('dark-web');
  }
  return tags;
}

function demoPriority(random: Random, tags: readonly string[]): number {
  let priority = random.int(0, 3);
  if (tags.includes('ukraine-related')) priority += 1;
  if (tags.includes('csam-referral')) priority = 5;
  return Math.min(priority, 5);
}

/**
 * About 60% assigned; of those ~5% in progress and ~10% done, the done ones mostly without
 * indicators, some suspicious, a few confirmed or referred.
 */
function demoStatuses(
  random: Random,
  count: number,
): { status: DemoTargetStatus; outcome: TargetOutcome | null }[] {
  const order = random.shuffle(Array.from({ length: count }, (_, i) => i));
  const assigned = Math.round(count * 0.6);
  const done = Math.round(assigned * 0.1);
  const inProgress = assigned > 0 ? Math.max(1, Math.round(assigned * 0.05)) : 0;
  const outcomes = random.shuffle(demoOutcomes(done));

  const result = Array.from({ length: count }, () => ({
    status: 'unassigned' as DemoTargetStatus,
    outcome: null as TargetOutcome | null,
  }));
  order.slice(0, assigned).forEach((index, rank) => {
    if (rank < done) result[index] = { status: 'done', outcome: outcomes[rank] };
    else if (rank < done + inProgress) result[index] = { status: 'in_progress', outcome: null };
    else result[index] = { status: 'assigned', outcome: null };
  });
  return result;
}

function demoOutcomes(done: number): TargetOutcome[] {
  const confirmed = done >= 6 ? Math.max(1, Math.round(done * 0.06)) : 0;
  const referred = done >= 6 ? Math.max(1, Math.round(done * 0.06)) : 0;
  const suspicious = Math.round(done * 0.25);
  const none = Math.max(0, done - confirmed - referred - suspicious);
  return [
    ...Array<TargetOutcome>(confirmed).fill('confirmed'),
    ...Array<TargetOutcome>(referred).fill('referred'),
    ...Array<TargetOutcome>(suspicious).fill('suspicious'),
    ...Array<TargetOutcome>(none).fill('no_indicators'),
  ].slice(0, done);
}
