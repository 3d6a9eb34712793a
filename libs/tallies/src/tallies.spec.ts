import type { TallyDelta } from '@actionday/contracts';
import {
  applyTallyDeltas,
  emptyTallies,
  findingDelta,
  targetDelta,
  type FindingTallyState,
  type TargetTallyState,
} from './index';

const ctx = {
  operationId: '00000000-0000-4000-8000-000000000001',
  frozen: false,
  closedAt: null,
  snapshotSha256: null,
  asOfSeq: 0,
  participants: { experts: 0, countries: 2 },
  teams: [
    { id: 'team-nl', name: 'Netherlands' },
    { id: 'team-ua', name: 'Ukraine' },
  ],
  countries: ['NL', 'UA'],
};

const target = (over: Partial<TargetTallyState> = {}): TargetTallyState => ({
  kind: 'platform',
  status: 'unassigned',
  outcome: null,
  teamId: null,
  teamCountry: null,
  category: null,
  tags: [],
  ...over,
});

const finding = (over: Partial<FindingTallyState> = {}): FindingTallyState => ({
  type: 'possible_victim',
  status: 'submitted',
  teamId: 'team-nl',
  teamCountry: 'NL',
  category: 'escort',
  tags: ['ukraine-related'],
  nationality: 'UA',
  minor: false,
  indicators: ['third_party_control'],
  createdAt: '2026-11-23T09:41:12.000Z',
  restricted: false,
  ...over,
});

function fold(...deltaLists: TallyDelta[][]) {
  return deltaLists.reduce((t, d) => applyTallyDeltas(t, d), emptyTallies(ctx));
}

describe('tally arithmetic', () => {
  it('moves a target through its states without double counting', () => {
    const created = target({ tags: ['ukraine-related'] });
    const assigned = { ...created, status: 'assigned' as const, teamId: 'team-nl', teamCountry: 'NL' };
    const inProgress = { ...assigned, status: 'in_progress' as const };
    const done = { ...inProgress, status: 'done' as const, outcome: 'confirmed' as const };
    const t = fold(
      targetDelta(null, created),
      targetDelta(created, assigned),
      targetDelta(assigned, inProgress),
      targetDelta(inProgress, done),
    );
    expect(t.targets.byState).toEqual({ unassigned: 0, assigned: 0, in_progress: 0, done: 1 });
    expect(t.examined).toEqual({ platforms: 1, usernames: 0, communications: 0 });
    // confirmed counts as suspected too: "suspicious or confirmed"
    expect(t.platforms).toEqual({ suspected: 1, confirmed: 1, referred: 0 });
    const nl = t.byTeam.find((r) => r.teamId === 'team-nl')!;
    expect(nl.platforms.confirmed).toBe(1);
    expect(t.byCountry.NL.examined.platforms).toBe(1);
    expect(t.byCountry.UA.examined.platforms).toBe(0);
    expect(t.byTag['ukraine-related'].targets.byState.done).toBe(1);
  });

  it('groups examined targets by kind and leaves "other" out of every group', () => {
    const kinds = ['platform', 'url', 'username', 'phone', 'email', 'messaging', 'other'] as const;
    const t = fold(...kinds.map((kind) => targetDelta(null, target({ kind, status: 'done', outcome: 'no_indicators' }))));
    expect(t.examined).toEqual({ platforms: 2, usernames: 1, communications: 3 });
    expect(t.targets.byState.done).toBe(7);
  });

  it('counts suspected, confirmed and referred only for the platform group', () => {
    const t = fold(
      targetDelta(null, target({ kind: 'url', status: 'done', outcome: 'suspicious' })),
      targetDelta(null, target({ kind: 'platform', status: 'done', outcome: 'referred' })),
      targetDelta(null, target({ kind: 'phone', status: 'done', outcome: 'confirmed' })),
    );
    expect(t.platforms).toEqual({ suspected: 1, confirmed: 0, referred: 1 });
  });

  it('reopening a done target takes its outcome back out', () => {
    const done = target({ status: 'done', outcome: 'suspicious', teamId: 'team-ua', teamCountry: 'UA' });
    const reopened = { ...done, status: 'in_progress' as const, outcome: null };
    const t = fold(targetDelta(null, done), targetDelta(done, reopened));
    expect(t.platforms.suspected).toBe(0);
    expect(t.examined.platforms).toBe(0);
    expect(t.targets.byState.in_progress).toBe(1);
  });

  it('counts possible victims by nationality and minors, and stops counting rejected or duplicate ones', () => {
    const a = finding({ minor: true });
    const b = finding({ nationality: null, indicators: ['third_party_control', 'visibly_very_young'] });
    const c = finding({ type: 'suspect', nationality: 'AL' });
    let t = fold(findingDelta(null, a), findingDelta(null, b), findingDelta(null, c));
    expect(t.possibleVictims).toEqual({ total: 2, minors: 1, byNationality: { UA: 1, unknown: 1 } });
    expect(t.suspects).toBe(1);
    expect(t.findingsPerHour).toEqual([{ hour: '2026-11-23T09:00:00.000Z', count: 3 }]);
    expect(t.topIndicators).toEqual([
      { code: 'third_party_control', count: 3 },
      { code: 'visibly_very_young', count: 1 },
    ]);
    expect(t.byTag['ukraine-related'].possibleVictims?.total).toBe(2);

    t = applyTallyDeltas(t, findingDelta(a, { ...a, status: 'duplicate' }));
    t = applyTallyDeltas(t, findingDelta(c, { ...c, status: 'rejected' }));
    expect(t.possibleVictims).toEqual({ total: 1, minors: 0, byNationality: { unknown: 1 } });
    expect(t.suspects).toBe(0);
    expect(t.findingsPerHour).toEqual([{ hour: '2026-11-23T09:00:00.000Z', count: 1 }]);
    expect(t.topIndicators[0]).toEqual({ code: 'third_party_control', count: 1 });
  });

  it('a confirmation changes no figure; a no-op change yields no delta', () => {
    const a = finding();
    expect(findingDelta(a, { ...a, status: 'confirmed' })).toEqual([]);
    const t = target({ status: 'assigned', teamId: 'team-nl', teamCountry: 'NL' });
    expect(targetDelta(t, { ...t })).toEqual([]);
  });

  it('does not modify the tallies it is given', () => {
    const before = emptyTallies(ctx);
    const snapshot = structuredClone(before);
    applyTallyDeltas(before, targetDelta(null, target()));
    expect(before).toEqual(snapshot);
  });

  it('adds a row for a team it has not seen, named by the lookup', () => {
    const t = applyTallyDeltas(
      emptyTallies(ctx),
      targetDelta(null, target({ status: 'assigned', teamId: 'team-new', teamCountry: 'BE' })),
      (id) => (id === 'team-new' ? 'Belgium' : '?'),
    );
    expect(t.byTeam.map((r) => r.name)).toEqual(['Netherlands', 'Ukraine', 'Belgium']);
    expect(t.byCountry.BE.targets.byState.assigned).toBe(1);
  });
});
