import type { TallyDelta, Tallies, TallyFigures, VictimFigures } from '@actionday/contracts';

const emptyVictims = (): VictimFigures => ({ total: 0, minors: 0, byNationality: {} });

export function emptyFigures(): TallyFigures {
  return {
    examined: { platforms: 0, usernames: 0, communications: 0 },
    platforms: { suspected: 0, confirmed: 0, referred: 0 },
    suspects: 0,
    possibleVictims: emptyVictims(),
    targets: { byState: { unassigned: 0, assigned: 0, in_progress: 0, done: 0 } },
  };
}

/** Adds `delta` to the figure a counter stands for. Mutates `f`, which the callers own. */
function addToFigures(f: TallyFigures, d: Pick<TallyDelta, 'metric' | 'sub' | 'delta'>): void {
  switch (d.metric) {
    case 'examined_platforms':
      f.examined.platforms += d.delta;
      return;
    case 'examined_usernames':
      f.examined.usernames += d.delta;
      return;
    case 'examined_communications':
      f.examined.communications += d.delta;
      return;
    case 'platforms_suspected':
      f.platforms.suspected += d.delta;
      return;
    case 'platforms_confirmed':
      f.platforms.confirmed += d.delta;
      return;
    case 'platforms_referred':
      f.platforms.referred += d.delta;
      return;
    case 'suspects':
      f.suspects += d.delta;
      return;
    case 'victims_total': {
      const v = (f.possibleVictims ??= emptyVictims());
      v.total = (v.total ?? 0) + d.delta;
      return;
    }
    case 'victims_minors': {
      const v = (f.possibleVictims ??= emptyVictims());
      v.minors = (v.minors ?? 0) + d.delta;
      return;
    }
    case 'victims_nationality': {
      const v = (f.possibleVictims ??= emptyVictims());
      const n = (v.byNationality[d.sub] ?? 0) + d.delta;
      if (n === 0) delete v.byNationality[d.sub];
      else v.byNationality[d.sub] = n;
      return;
    }
    case 'targets_state': {
      const states = f.targets.byState as Record<string, number>;
      if (d.sub in states) states[d.sub] += d.delta;
      return;
    }
    default:
      return;
  }
}

export interface TallyContext {
  operationId: string;
  frozen: boolean;
  closedAt: string | null;
  snapshotSha256: string | null;
  asOfSeq: number;
  participants: Tallies['participants'];
  /** Every team of the operation, in display order: each gets a row even at zero. */
  teams: readonly { id: string; name: string }[];
  /** Participating countries: each gets an entry even at zero. */
  countries: readonly string[];
}

export function emptyTallies(ctx: TallyContext): Tallies {
  return {
    ...emptyFigures(),
    operationId: ctx.operationId,
    frozen: ctx.frozen,
    closedAt: ctx.closedAt,
    snapshotSha256: ctx.snapshotSha256,
    asOfSeq: ctx.asOfSeq,
    participants: { ...ctx.participants },
    byTeam: ctx.teams.map((t) => ({ teamId: t.id, name: t.name, ...emptyFigures() })),
    byCountry: Object.fromEntries(ctx.countries.map((c) => [c, emptyFigures()])),
    byCategory: {},
    byTag: {},
    findingsPerHour: [],
    topIndicators: [],
    victimRelease: null,
  };
}

function cloneTallies(t: Tallies): Tallies {
  return structuredClone(t);
}

/**
 * Applies counter changes to tallies and returns new tallies (the input is not touched, so it can
 * be a query-cache entry). The API folds stored counters with it; the web folds tally.updated
 * events with it: both sides use the same arithmetic.
 */
export function applyTallyDeltas(
  tallies: Tallies,
  deltas: readonly TallyDelta[],
  teamName: (teamId: string) => string = () => '',
): Tallies {
  const next = cloneTallies(tallies);
  const perHour = new Map(next.findingsPerHour.map((h) => [h.hour, h.count]));
  const indicators = new Map(next.topIndicators.map((i) => [i.code, i.count]));
  for (const d of deltas) {
    if (d.metric === 'findings_hour') {
      perHour.set(d.sub, (perHour.get(d.sub) ?? 0) + d.delta);
      continue;
    }
    // One list of indicators for whoever gets both kinds; members without victim access get only `indicator`.
    if (d.metric === 'indicator' || d.metric === 'victim_indicator') {
      indicators.set(d.sub, (indicators.get(d.sub) ?? 0) + d.delta);
      continue;
    }
    let figures: TallyFigures;
    if (d.dim === 'all') figures = next;
    else if (d.dim === 'team') {
      let row = next.byTeam.find((t) => t.teamId === d.key);
      if (!row) {
        row = { teamId: d.key, name: teamName(d.key), ...emptyFigures() };
        next.byTeam.push(row);
      }
      figures = row;
    } else {
      const map = d.dim === 'country' ? next.byCountry : d.dim === 'category' ? next.byCategory : next.byTag;
      figures = map[d.key] ??= emptyFigures();
    }
    addToFigures(figures, d);
  }
  next.findingsPerHour = [...perHour]
    .filter(([, count]) => count !== 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hour, count]) => ({ hour, count }));
  // Every indicator in use, most frequent first: the catalogue is small, and a list cut to a top N
  // could not be kept right by deltas alone.
  next.topIndicators = [...indicators]
    .filter(([, count]) => count !== 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, count]) => ({ code, count }));
  return next;
}
