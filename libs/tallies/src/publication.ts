import type {
  CreatePublication,
  OperationKind,
  PublicationFigureName,
  PublishedCount,
  PublishedFigure,
  Tallies,
} from '@actionday/contracts';

export const FIGURE_LABELS: Record<PublicationFigureName, string> = {
  'participants.experts': 'Experts taking part',
  'participants.countries': 'Participating countries',
  'examined.platforms': 'Platforms and sites examined',
  'examined.usernames': 'Usernames examined',
  'examined.communications': 'Phone numbers, e-mail addresses and app accounts examined',
  'platforms.suspected': 'Platforms suspected',
  'platforms.confirmed': 'Platforms confirmed as engaged in trafficking',
  'platforms.referred': 'Platforms referred to another unit',
  suspects: 'Suspects identified',
  'possibleVictims.total': 'Possible victims identified',
  'possibleVictims.minors': 'Possible victims who are minors',
  'possibleVictims.byNationality': 'Possible victims by nationality',
  'examined.platforms.byTag': 'Platforms examined, by topic',
};

type Breakdown = Record<string, number>;

/** The breakdown cell of what is too small to name (see publishFigures). */
export const OTHER_KEY = 'other';

/**
 * Publications are computed from the frozen snapshot, whose victim figures are exact; tallies
 * with withheld or suppressed victim figures (a member's view) must never be published.
 */
function exactVictims(t: Tallies): { total: number; minors: number; byNationality: Breakdown } {
  const v = t.possibleVictims;
  if (!v || v.total === null || v.minors === null || Object.values(v.byNationality).some((n) => n === null) || t.victimRelease) {
    throw new Error('publication figures need the exact victim figures of the snapshot');
  }
  return v as { total: number; minors: number; byNationality: Breakdown };
}

/** The value of a figure in the tallies: a count, or a count per key for the breakdowns. */
export function figureValue(t: Tallies, name: PublicationFigureName): number | Breakdown {
  switch (name) {
    case 'participants.experts':
      return t.participants.experts;
    case 'participants.countries':
      return t.participants.countries;
    case 'examined.platforms':
      return t.examined.platforms;
    case 'examined.usernames':
      return t.examined.usernames;
    case 'examined.communications':
      return t.examined.communications;
    case 'platforms.suspected':
      return t.platforms.suspected;
    case 'platforms.confirmed':
      return t.platforms.confirmed;
    case 'platforms.referred':
      return t.platforms.referred;
    case 'suspects':
      return t.suspects;
    case 'possibleVictims.total':
      return exactVictims(t).total;
    case 'possibleVictims.minors':
      return exactVictims(t).minors;
    case 'possibleVictims.byNationality':
      return { ...exactVictims(t).byNationality };
    case 'examined.platforms.byTag':
      return Object.fromEntries(
        Object.entries(t.byTag)
          .map(([tag, f]) => [tag, f.examined.platforms] as const)
          .filter(([, n]) => n > 0),
      );
  }
}

/**
 * A count as published: below the threshold it reads "<N" and its value is withheld, so that a
 * small group of people cannot be singled out. Zero is not suppressed: it identifies nobody.
 */
export function publishCount(value: number, suppressBelow: number, exact: boolean): PublishedCount {
  if (exact || value === 0 || value >= suppressBelow) return { value, display: String(value) };
  return { value: null, display: `<${suppressBelow}` };
}

export function publishFigures(t: Tallies, r: Pick<CreatePublication, 'figures' | 'exact' | 'suppressBelow'>): PublishedFigure[] {
  return r.figures.map((name) => {
    const exact = r.exact.includes(name);
    const value = figureValue(t, name);
    if (typeof value === 'number') return { name, label: FIGURE_LABELS[name], ...publishCount(value, r.suppressBelow, exact) };
    const all = Object.entries(value).filter(([, n]) => n !== 0);
    const total = all.reduce((sum, [, n]) => sum + n, 0);
    // A small cell is not named, only counted under "other": "fewer than 3 from MD" next to an
    // exact total and exact other cells would give the count away, and name where one person
    // is from.
    const named = exact ? all : all.filter(([, n]) => n >= r.suppressBelow && n !== 0);
    const rest = total - named.reduce((sum, [, n]) => sum + n, 0);
    const entries = [...named.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])), ...(rest > 0 ? ([[OTHER_KEY, rest]] as [string, number][]) : [])];
    return {
      name,
      label: FIGURE_LABELS[name],
      ...publishCount(total, r.suppressBelow, exact),
      breakdown: entries.map(([key, n]) => ({ key, ...publishCount(n, r.suppressBelow, exact) })),
    };
  });
}

const KIND_PHRASES: Record<OperationKind, string> = {
  hackathon: 'an online hackathon against human trafficking',
  joint_action_day: 'a joint action day against online human trafficking',
  mapping: 'a mapping exercise of websites linked to human trafficking',
};

/** "<3" reads "fewer than 3" in a sentence. */
function spoken(c: PublishedCount): string {
  return c.value === null ? `fewer than ${c.display.slice(1)}` : c.display;
}

function listed(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function dateIn(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: timezone }).format(new Date(iso));
}

/**
 * A press-release paragraph from the published figures only (already suppressed), in the style
 * of the EMPACT releases: "On 23 November 2026, 85 experts from 20 countries took part in ...".
 * The organizer edits it before publishing.
 */
export function draftPressRelease(
  op: { kind: OperationKind; startsAt: string; endsAt: string; timezone: string },
  figures: readonly PublishedFigure[],
): string {
  const by = new Map(figures.map((f) => [f.name, f]));
  const get = (name: PublicationFigureName) => by.get(name);
  const start = dateIn(op.startsAt, op.timezone);
  const end = dateIn(op.endsAt, op.timezone);
  const when = start === end ? `On ${start}` : `From ${start} to ${end}`;

  const experts = get('participants.experts');
  const countries = get('participants.countries');
  let who = 'law-enforcement experts';
  if (experts && countries) who = `${spoken(experts)} experts from ${spoken(countries)} countries`;
  else if (experts) who = `${spoken(experts)} experts`;
  else if (countries) who = `experts from ${spoken(countries)} countries`;
  const sentences = [`${when}, ${who} took part in ${KIND_PHRASES[op.kind]}.`];

  const examined: string[] = [];
  const platforms = get('examined.platforms');
  const byTag = get('examined.platforms.byTag');
  if (platforms) {
    const topics = (byTag?.breakdown ?? []).map((b) => `${spoken(b)} tagged ${b.key}`);
    examined.push(`${spoken(platforms)} platforms and sites${topics.length ? ` (${listed(topics)})` : ''}`);
  }
  const usernames = get('examined.usernames');
  if (usernames) examined.push(`${spoken(usernames)} usernames`);
  const comms = get('examined.communications');
  if (comms) examined.push(`${spoken(comms)} phone numbers, e-mail addresses and app accounts`);
  if (examined.length) sentences.push(`They examined ${listed(examined)}.`);

  const platformFindings: string[] = [];
  const suspected = get('platforms.suspected');
  if (suspected) platformFindings.push(`${spoken(suspected)} platforms were suspected of involvement in trafficking`);
  const confirmed = get('platforms.confirmed');
  if (confirmed) platformFindings.push(`${spoken(confirmed)} were confirmed`);
  const referred = get('platforms.referred');
  if (referred) platformFindings.push(`${spoken(referred)} were referred to specialised units`);
  if (platformFindings.length) sentences.push(`${capitalized(listed(platformFindings))}.`);

  const people: string[] = [];
  const suspects = get('suspects');
  if (suspects) people.push(`${spoken(suspects)} suspects`);
  const victims = get('possibleVictims.total');
  const nationalities = get('possibleVictims.byNationality');
  if (victims) {
    const from = (key: string) => (key === 'unknown' ? 'unknown countries' : key === OTHER_KEY ? 'other countries' : key);
    const of = (nationalities?.breakdown ?? []).slice(0, 3).map((b) => `${spoken(b)} from ${from(b.key)}`);
    people.push(`${spoken(victims)} possible victims${of.length ? ` (${listed(of)})` : ''}`);
  }
  if (people.length) sentences.push(`The teams identified ${listed(people)}.`);
  const minors = get('possibleVictims.minors');
  if (minors) sentences.push(`${capitalized(spoken(minors))} of the possible victims are minors.`);
  return sentences.join(' ');
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
