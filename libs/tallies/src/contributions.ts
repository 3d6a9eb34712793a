import {
  kindGroupOf,
  UNCATEGORIZED,
  type FindingStatus,
  type FindingType,
  type TallyDelta,
  type TallyDimension,
  type TallyMetric,
  type TargetKind,
  type TargetOutcome,
  type TargetStatus,
} from '@actionday/contracts';

/**
 * Everything a target contributes to the tallies depends only on these columns. The team's
 * country is stored on the target when it is assigned, so that what was added once can be
 * subtracted exactly later, whatever happens to the team afterwards.
 */
export interface TargetTallyState {
  kind: TargetKind;
  status: TargetStatus;
  outcome: TargetOutcome | null;
  teamId: string | null;
  teamCountry: string | null;
  category: string | null;
  tags: readonly string[];
}

export interface FindingTallyState {
  type: FindingType;
  status: FindingStatus;
  teamId: string | null;
  teamCountry: string | null;
  /** Category and tags of the finding's target when it was logged. */
  category: string | null;
  tags: readonly string[];
  nationality: string | null;
  minor: boolean;
  indicators: readonly string[];
  createdAt: string | Date;
  /** Restricted (a victim, a link to one, a finding on a target made from one): its indicators describe a victim. */
  restricted: boolean;
}

type Figure = { metric: TallyMetric; sub: string; everyDimension: boolean };

type Placed = { teamId: string | null; teamCountry: string | null; category: string | null; tags: readonly string[] };

function dimensionsOf(s: Placed) {
  const dims: { dim: TallyDimension; key: string }[] = [{ dim: 'all', key: '' }];
  if (s.teamId) dims.push({ dim: 'team', key: s.teamId });
  if (s.teamCountry) dims.push({ dim: 'country', key: s.teamCountry });
  dims.push({ dim: 'category', key: s.category ?? UNCATEGORIZED });
  for (const tag of new Set(s.tags)) dims.push({ dim: 'tag', key: tag });
  return dims;
}

function spread(
  s: Placed,
  figures: Figure[],
  sign: 1 | -1,
): TallyDelta[] {
  const dims = dimensionsOf(s);
  const out: TallyDelta[] = [];
  for (const f of figures) {
    for (const d of f.everyDimension ? dims : dims.slice(0, 1)) {
      out.push({ dim: d.dim, key: d.key, metric: f.metric, sub: f.sub, delta: sign });
    }
  }
  return out;
}

export function targetFigures(t: TargetTallyState): Figure[] {
  const figures: Figure[] = [{ metric: 'targets_state', sub: t.status, everyDimension: true }];
  if (t.status !== 'done') return figures;
  const group = kindGroupOf(t.kind);
  if (group) figures.push({ metric: `examined_${group}`, sub: '', everyDimension: true });
  if (group === 'platforms') {
    if (t.outcome === 'suspicious' || t.outcome === 'confirmed') {
      figures.push({ metric: 'platforms_suspected', sub: '', everyDimension: true });
    }
    if (t.outcome === 'confirmed') figures.push({ metric: 'platforms_confirmed', sub: '', everyDimension: true });
    if (t.outcome === 'referred') figures.push({ metric: 'platforms_referred', sub: '', everyDimension: true });
  }
  return figures;
}

/** Rejected findings and duplicates stop counting: the tallies count people, not rows. */
export function findingCounts(status: FindingStatus): boolean {
  return status === 'submitted' || status === 'confirmed';
}

export function hourOf(at: string | Date): string {
  const d = new Date(at);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString();
}

export function findingFigures(f: FindingTallyState): Figure[] {
  if (!findingCounts(f.status)) return [];
  const figures: Figure[] = [{ metric: 'findings_hour', sub: hourOf(f.createdAt), everyDimension: false }];
  // A restricted finding's indicators describe a victim: counted apart, withheld with the rest.
  const indicatorMetric = f.restricted || f.type === 'possible_victim' ? 'victim_indicator' : 'indicator';
  for (const code of new Set(f.indicators)) figures.push({ metric: indicatorMetric, sub: code, everyDimension: false });
  if (f.type === 'suspect') figures.push({ metric: 'suspects', sub: '', everyDimension: true });
  if (f.type === 'possible_victim') {
    figures.push({ metric: 'victims_total', sub: '', everyDimension: true });
    figures.push({ metric: 'victims_nationality', sub: f.nationality ?? 'unknown', everyDimension: true });
    if (f.minor) figures.push({ metric: 'victims_minors', sub: '', everyDimension: true });
  }
  return figures;
}

export function targetContributions(t: TargetTallyState | null, sign: 1 | -1 = 1): TallyDelta[] {
  return t ? spread(t, targetFigures(t), sign) : [];
}

export function findingContributions(f: FindingTallyState | null, sign: 1 | -1 = 1): TallyDelta[] {
  return f ? spread(f, findingFigures(f), sign) : [];
}

const deltaKey = (d: TallyDelta) => `${d.dim}\u0000${d.key}\u0000${d.metric}\u0000${d.sub}`;

/** Sums deltas per counter and drops the ones that cancel out. */
export function mergeDeltas(deltas: Iterable<TallyDelta>): TallyDelta[] {
  const sums = new Map<string, TallyDelta>();
  for (const d of deltas) {
    const k = deltaKey(d);
    const prev = sums.get(k);
    if (prev) prev.delta += d.delta;
    else sums.set(k, { ...d });
  }
  return [...sums.values()].filter((d) => d.delta !== 0);
}

/** The counter changes of one entity going from `before` to `after` (null = absent). */
export function targetDelta(before: TargetTallyState | null, after: TargetTallyState | null): TallyDelta[] {
  return mergeDeltas([...targetContributions(before, -1), ...targetContributions(after, 1)]);
}

export function findingDelta(before: FindingTallyState | null, after: FindingTallyState | null): TallyDelta[] {
  return mergeDeltas([...findingContributions(before, -1), ...findingContributions(after, 1)]);
}
