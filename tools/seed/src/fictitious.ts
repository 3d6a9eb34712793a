import type { PlatformCategory } from '@actionday/contracts';
import type { Random } from './random';

/*
 * Invented values only. Sites live under the reserved `.example` TLD, e-mail addresses at
 * example.com/.net/.org (RFC 2606), phone numbers in ranges set aside for drama and fiction,
 * and handles on real social platforms always carry "demo" so they cannot be someone's account.
 */

export const EXAMPLE_EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;

/** Real platforms that may appear as the platform of an invented handle, never as a target. */
export const SOCIAL_PLATFORMS = [
  'instagram.com',
  'tiktok.com',
  'onlyfans.com',
  'facebook.com',
  'x.com',
  'vk.com',
  'snapchat.com',
] as const;
export const MESSAGING_APPS = ['Telegram', 'WhatsApp', 'Signal'] as const;

/** E.164 ranges reserved for fiction (Ofcom, NANPA, ACMA), both ends included. */
export const FICTITIOUS_PHONE_RANGES = [
  { country: 'GB', from: '+447700900000', to: '+447700900999' },
  { country: 'AU', from: '+61491570006', to: '+61491570159' },
  { country: 'AU', from: '+61491571266', to: '+61491571491' },
] as const;
// NANPA keeps 555-0100…0199 fictitious in every area code.
const NANP_FICTITIOUS = /^\+1[2-9]\d{2}55501\d{2}$/;
const US_AREA_CODES = ['202', '212', '213', '305', '312', '404', '415', '512', '617', '702', '718'];

export function isFictitiousPhone(e164: string): boolean {
  if (NANP_FICTITIOUS.test(e164)) return true;
  return FICTITIOUS_PHONE_RANGES.some(
    (r) => e164.length === r.from.length && /^\+\d+$/.test(e164) && e164 >= r.from && e164 <= r.to,
  );
}

/** True for a host under the reserved `.example` TLD. */
export function isExampleHost(host: string): boolean {
  return /^(?:[a-z0-9-]+\.)+example$/.test(host.toLowerCase());
}

const NAME_WORDS = [
  'velvet',
  'midnight',
  'rose',
  'silk',
  'angel',
  'secret',
  'lux',
  'diamond',
  'sweet',
  'star',
  'paradise',
  'dream',
  'golden',
  'ruby',
  'crystal',
  'moon',
  'orchid',
  'pearl',
  'scarlet',
  'amber',
  'cherry',
  'ivory',
  'opal',
  'jade',
  'coral',
  'lotus',
  'vanilla',
  'saffron',
  'bella',
  'nova',
];
const SECOND_WORDS = [
  'nights',
  'touch',
  'dreams',
  'club',
  'house',
  'lounge',
  'garden',
  'line',
  'world',
  'place',
];
const CATEGORY_WORDS: Record<PlatformCategory, readonly string[]> = {
  escort: ['escort', 'companions', 'models', 'vip-girls'],
  massage: ['massage', 'spa', 'relax', 'wellness'],
  classifieds: ['classifieds', 'ads', 'board', 'adverts'],
  advertising_aggregator: ['ad-hub', 'listings', 'directory', 'index'],
  hobby_board: ['hobby-board', 'punters', 'reviews'],
  sugar_dating: ['sugar', 'sugar-daddy', 'arrangements'],
  dating_social: ['dating', 'meet', 'singles', 'chat'],
  forum: ['forum', 'talk', 'community'],
  marketplace: ['market', 'bazaar', 'shop'],
  job_recruitment: ['jobs', 'work-abroad', 'careers', 'au-pair'],
  messaging_group: ['chat-group', 'channel', 'group'],
  csam_related: ['image-board', 'file-share'],
  other: ['portal', 'hub', 'club'],
};
/** First names as they appear in ads: no surname, nobody in particular. */
export const AD_NAMES = [
  'mila',
  'lena',
  'sasha',
  'nika',
  'vika',
  'dana',
  'alina',
  'eva',
  'kira',
  'lara',
  'maya',
  'nina',
  'oksana',
  'ira',
  'yana',
  'sofia',
  'daria',
  'katya',
  'anna',
  'ema',
];
const JOB_SLUGS = [
  'waitress',
  'hostess',
  'dancer',
  'model',
  'nanny',
  'cleaner',
  'farm-work',
  'hotel-staff',
];

function titleCase(slug: string): string {
  return slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** "velvet-nights-escort.example" -> "Velvet Nights Escort". */
export function siteName(domain: string): string {
  return titleCase(domain.replace(/\.example$/, ''));
}

export function fictitiousDomain(random: Random, category: PlatformCategory, city: string): string {
  const word = random.pick(CATEGORY_WORDS[category]);
  const form = random.int(0, 3);
  const label =
    form === 0
      ? `${random.pick(NAME_WORDS)}-${random.pick(SECOND_WORDS)}-${word}`
      : form === 1
        ? `${city}-${word}`
        : form === 2
          ? `${random.pick(NAME_WORDS)}-${word}-${city}`
          : `${word}-${random.pick(NAME_WORDS)}-${random.int(1, 99)}`;
  return `${label}.example`;
}

export function fictitiousPath(random: Random, category: PlatformCategory, city: string): string {
  const n = random.int(1000, 99999);
  const name = random.pick(AD_NAMES);
  switch (category) {
    case 'escort':
    case 'massage':
      return random.pick([`/girls/${name}-${n}`, `/ad/${n}`, `/Profile/${titleCase(name)}${n}`]);
    case 'classifieds':
    case 'advertising_aggregator':
    case 'marketplace':
      return random.pick([`/listing/${n}`, `/ads/${city}/${n}`, `/Listing/${n}`]);
    case 'job_recruitment':
      return random.pick([`/jobs/${random.pick(JOB_SLUGS)}-${n}`, `/vacancy/${n}`]);
    case 'forum':
    case 'hobby_board':
      return random.pick([`/thread/${n}-${city}`, `/t/reviews-${city}/${n}`]);
    case 'dating_social':
    case 'sugar_dating':
      return random.pick([`/member/${name}${n}`, `/u/${name}_${n}`]);
    default:
      return `/page/${n}`;
  }
}

/** A handle that is plainly invented: every one carries "demo". */
export function fictitiousHandle(random: Random): string {
  const name = random.pick(AD_NAMES);
  const word = random.pick(NAME_WORDS);
  return random.pick([
    `${word}_${name}_demo${random.int(10, 99)}`,
    `${name}.${word}.demo${random.int(1, 999)}`,
    `demo_${name}${random.int(100, 9999)}`,
  ]);
}

export function fictitiousEmail(random: Random, city: string): string {
  const local = random.pick([
    `bookings.${random.pick(NAME_WORDS)}${random.int(1, 999)}`,
    `jobs.${city}${random.int(1, 999)}`,
    `${random.pick(AD_NAMES)}.${random.pick(NAME_WORDS)}${random.int(1, 999)}`,
    `agency.${random.pick(SECOND_WORDS)}${random.int(1, 999)}`,
  ]);
  return `${local}@${random.pick(EXAMPLE_EMAIL_DOMAINS)}`;
}

/**
 * A number in a fiction range, spelled the way it might be copied from an ad. UK drama numbers
 * are always spelled one way: libphonenumber rejects them, so they are compared as typed.
 */
export function fictitiousPhone(random: Random): { e164: string; spelled: string } {
  const kind = random.weighted([
    ['US', 5],
    ['AU', 3],
    ['GB', 2],
  ] as const);
  if (kind === 'GB') {
    const tail = String(random.int(0, 999)).padStart(3, '0');
    return { e164: `+447700900${tail}`, spelled: `+44 7700 900${tail}` };
  }
  if (kind === 'US') {
    const area = random.pick(US_AREA_CODES);
    const line = `01${String(random.int(0, 99)).padStart(2, '0')}`;
    return {
      e164: `+1${area}555${line}`,
      spelled: random.pick([
        `+1 ${area}-555-${line}`,
        `+1 (${area}) 555-${line}`,
        `001 ${area} 555 ${line}`,
        `+1${area}555${line}`,
      ]),
    };
  }
  const range = random.pick(FICTITIOUS_PHONE_RANGES.filter((r) => r.country === 'AU'));
  const e164 = `+${random.int(Number(range.from.slice(1)), Number(range.to.slice(1)))}`;
  const local = e164.slice(3);
  const grouped = `${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6)}`;
  return {
    e164,
    spelled: random.pick([`+61 ${grouped}`, `0061 ${grouped}`, `+61 (0)${grouped}`, e164]),
  };
}
