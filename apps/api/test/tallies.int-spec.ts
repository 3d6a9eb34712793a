import { randomUUID } from 'node:crypto';
import {
  apiPaths,
  PLATFORM_CATEGORIES,
  TARGET_KINDS,
  type Finding,
  type Page,
  type Tallies,
  type TallyDelta,
  type Target,
} from '@actionday/contracts';
import { applyTallyDeltas, emptyTallies } from '@actionday/tallies';
import { DataSource } from 'typeorm';
import { assign, createTarget, expectStatus, scenario, type Actor, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

/** A small deterministic PRNG (mulberry32): a failing run can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const some = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.35);
  return { next, int, pick, some };
}

type Counter = Omit<TallyDelta, 'delta'> & { value: number };
const byCounter = (a: Counter, b: Counter) =>
  `${a.dim}|${a.key}|${a.metric}|${a.sub}`.localeCompare(`${b.dim}|${b.key}|${b.metric}|${b.sub}`);

describe('tallies: incremental counters against a recount of the raw rows', () => {
  let t: TestApp;
  let s: Scenario;
  let db: DataSource;

  beforeAll(async () => {
    t = await TestApp.start();
    s = await scenario(t);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const stored = async (operationId: string): Promise<Counter[]> =>
    (await db.query('SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND value <> 0', [operationId]))
      .map((r: Counter) => ({ ...r, value: Number(r.value) }))
      .sort(byCounter);
  const recounted = async (operationId: string): Promise<Counter[]> =>
    (await db.query('SELECT dim, key, metric, sub, value FROM tally_counters_from_rows($1)', [operationId]))
      .map((r: Counter) => ({ ...r, value: Number(r.value) }))
      .sort(byCounter);

  it('equal after a randomized day of creates, imports, reassignments, state and outcome changes, findings and reviews', async () => {
    const seed = Number(process.env.TALLY_SEED ?? Date.now() % 1_000_000);
    const rnd = prng(seed);
    const op = s.operation.id;
    const teams = [s.teams.nl.id, s.teams.ua.id];
    const officers: Record<string, Actor> = { [s.teams.nl.id]: s.officerNl, [s.teams.ua.id]: s.officerUa };
    const TAGS = ['ukraine-related', 'minors-risk', 'cross-border'];
    const kinds = TARGET_KINDS;
    const targets = new Map<string, Target>();
    const findings = new Map<string, Finding>();
    const outcomes = ['no_indicators', 'suspicious', 'confirmed', 'referred'] as const;
    let n = 0;

    const newTargetBody = () => {
      const kind = rnd.pick(kinds);
      const i = ++n;
      const value = {
        platform: `site-${seed}-${i}.example`,
        url: `ads-${seed}.example/listing/${i}`,
        username: `user_${seed}_${i}`,
        phone: `+3161${String(seed % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`,
        email: `p${seed}.${i}@mail.example`,
        messaging: `telegram:handle_${seed}_${i}`,
        other: `note ${seed} ${i}`,
      }[kind];
      return {
        kind,
        value,
        platform: kind === 'username' ? 'instagram.com' : undefined,
        category: rnd.next() < 0.7 ? rnd.pick(PLATFORM_CATEGORIES) : undefined,
        tags: rnd.some(TAGS),
      };
    };
    for (let i = 0; i < 25; i++) {
      const target = await createTarget(t, s, newTargetBody());
      targets.set(target.id, target);
    }
    // The bulk path too: a CSV import counts its rows in one go.
    const csvRows = Array.from({ length: 15 }, newTargetBody).filter((r) => r.kind !== 'username');
    const csv = ['kind,value,category,tags', ...csvRows.map((r) => `${r.kind},${r.value},${r.category ?? ''},${r.tags.join(';')}`)].join('\n');
    await expectStatus(t.request('POST', `${apiPaths.targetsImport(op)}?dryRun=false`, { token: s.coordinator.token, rawBody: csv, headers: { 'content-type': 'text/csv' } }), 201);
    const listed = await expectStatus(t.get<Page<Target>>(`${apiPaths.targets(op)}?limit=500`, s.coordinator.token), 200);
    for (const target of listed.items) targets.set(target.id, target);

    const refresh = (target: Target) => targets.set(target.id, target);
    const applied: Record<string, number> = {};
    const count = (what: string, status: number) => {
      if (status < 300) applied[what] = (applied[what] ?? 0) + 1;
    };

    for (let step = 0; step < 260; step++) {
      const all = [...targets.values()];
      const action = rnd.int(10);
      if (action <= 1) {
        // (Re)assign a handful to a team, or back to unassigned.
        const ids = all.filter((x) => x.status !== 'done' && rnd.next() < 0.2).map((x) => x.id);
        if (ids.length === 0) continue;
        const teamId = rnd.next() < 0.15 ? null : rnd.pick(teams);
        const res = await t.post<{ updated: Target[] }>(apiPaths.assignments(op), { teamId, targetIds: ids }, s.coordinator.token);
        count('assign', res.status);
        if (res.status === 200) res.body.updated.forEach(refresh);
      } else if (action <= 4) {
        // A state or outcome change by the team's officer or a coordinator; some are refused.
        const target = rnd.pick(all);
        const next = rnd.pick(['assigned', 'in_progress', 'done', 'done'] as const);
        const actor = target.teamId && rnd.next() < 0.8 ? officers[target.teamId] : s.coordinator;
        const body = { status: next, outcome: next === 'done' ? rnd.pick(outcomes) : undefined, version: target.version };
        const res = await t.patch<Target>(apiPaths.target(target.id), body, actor.token);
        count('target', res.status);
        if (res.status === 200) refresh(res.body);
      } else if (action <= 7) {
        const teamId = rnd.pick(teams);
        const type = rnd.pick(['suspect', 'possible_victim', 'possible_victim', 'site_assessment'] as const);
        const target = rnd.next() < 0.8 ? rnd.pick(all) : undefined;
        const body: Record<string, unknown> = {
          clientId: randomUUID(),
          type,
          targetId: target?.id,
          indicators: rnd.some(['visibly_very_young', 'third_party_control', 'multi_country_ads', 'rented_for_days']),
        };
        if (type !== 'site_assessment' && rnd.next() < 0.8) body.nationality = rnd.pick(['UA', 'NL', 'RO', 'NG']);
        if (type === 'possible_victim') body.minor = rnd.next() < 0.3;
        const author = rnd.next() < 0.85 ? officers[teamId] : s.coordinator;
        const res = await t.post<Finding>(apiPaths.findings(op), body, author.token);
        count('finding', res.status);
        if (res.status === 201) findings.set(res.body.id, res.body);
      } else {
        const list = [...findings.values()];
        if (list.length === 0) continue;
        const f = rnd.pick(list);
        const status = rnd.pick(['confirmed', 'rejected', 'duplicate'] as const);
        const others = list.filter((o) => o.id !== f.id);
        if (status === 'duplicate' && others.length === 0) continue;
        const body = { status, duplicateOf: status === 'duplicate' ? rnd.pick(others).id : undefined, version: f.version };
        const res = await t.patch<Finding>(apiPaths.finding(f.id), body, s.coordinator.token);
        count('review', res.status);
        if (res.status === 200) findings.set(f.id, res.body);
      }
    }
    // The walk did exercise every kind of write (with this many steps, always).
    expect(Object.keys(applied).sort()).toEqual(['assign', 'finding', 'review', 'target']);

    const incremental = await stored(op);
    const fromRows = await recounted(op);
    if (JSON.stringify(incremental) !== JSON.stringify(fromRows)) console.error(`tally mismatch with TALLY_SEED=${seed}`);
    expect(incremental).toEqual(fromRows);
    expect(fromRows.length).toBeGreaterThan(40);

    // And the API's answer is exactly the recount, folded the way the API and the web fold counters.
    const tallies = await expectStatus(t.get<Tallies>(apiPaths.tallies(op), s.coordinator.token), 200);
    const teamRows: { id: string; name: string }[] = await db.query('SELECT id::text, name FROM teams WHERE operation_id = $1 ORDER BY name', [op]);
    const expected = applyTallyDeltas(
      emptyTallies({
        operationId: op,
        frozen: false,
        closedAt: null,
        snapshotSha256: null,
        asOfSeq: tallies.asOfSeq,
        participants: { experts: 4, countries: 2 },
        teams: teamRows,
        countries: ['NL', 'UA'],
      }),
      fromRows.map(({ value, ...c }) => ({ ...c, delta: value }) as TallyDelta),
    );
    expect(tallies).toEqual(expected);
  });

  it('counts each figure by its definition, by team, country, category and tag', async () => {
    const other = await scenario(t);
    const op = other.operation.id;
    const mk = (body: Record<string, unknown>) => createTarget(t, other, body);
    const site = await mk({ kind: 'platform', value: 'escort-one.example', category: 'escort', tags: ['ukraine-related'] });
    const ad = await mk({ kind: 'url', value: 'classy.example/ad/1', category: 'classifieds' });
    const user = await mk({ kind: 'username', value: 'anna', platform: 'instagram.com' });
    const phone = await mk({ kind: 'phone', value: '+380671234567', category: 'escort' });
    const misc = await mk({ kind: 'other', value: 'a rumour' });
    await assign(t, other, other.teams.nl.id, [site.id, ad.id, misc.id]);
    await assign(t, other, other.teams.ua.id, [user.id, phone.id]);
    const done = async (target: Target, outcome: string, actor: Actor) =>
      expectStatus(t.patch<Target>(apiPaths.target(target.id), { status: 'done', outcome, version: 2 }, actor.token), 200);
    await done(site, 'confirmed', other.officerNl);
    await done(ad, 'referred', other.officerNl);
    await done(misc, 'suspicious', other.officerNl);
    await done(user, 'suspicious', other.officerUa);
    await done(phone, 'no_indicators', other.officerUa);
    const log = (body: Record<string, unknown>, actor: Actor) =>
      expectStatus(t.post<Finding>(apiPaths.findings(op), { clientId: randomUUID(), ...body }, actor.token), 201);
    await log({ type: 'possible_victim', targetId: site.id, nationality: 'UA', minor: true, indicators: ['visibly_very_young'] }, other.officerNl);
    await log({ type: 'possible_victim', targetId: site.id, nationality: 'UA', indicators: ['visibly_very_young', 'third_party_control'] }, other.officerNl);
    const rejected = await log({ type: 'possible_victim', targetId: phone.id }, other.officerUa);
    const dup = await log({ type: 'suspect', targetId: phone.id, nationality: 'RO' }, other.officerUa);
    const suspect = await log({ type: 'suspect', targetId: phone.id, nationality: 'RO' }, other.officerUa);
    await expectStatus(t.patch(apiPaths.finding(rejected.id), { status: 'rejected', version: 1 }, other.coordinator.token), 200);
    await expectStatus(t.patch(apiPaths.finding(dup.id), { status: 'duplicate', duplicateOf: suspect.id, version: 1 }, other.coordinator.token), 200);

    const f = await expectStatus(t.get<Tallies>(apiPaths.tallies(op), other.coordinator.token), 200);
    // Examined: done targets by kind group; "other" belongs to no group.
    expect(f.examined).toEqual({ platforms: 2, usernames: 1, communications: 1 });
    // Suspected: platform-group targets done as suspicious or confirmed; the suspicious "other" does not count.
    expect(f.platforms).toEqual({ suspected: 1, confirmed: 1, referred: 1 });
    // Rejected and duplicate findings do not count.
    expect(f.suspects).toBe(1);
    expect(f.possibleVictims).toEqual({ total: 2, minors: 1, byNationality: { UA: 2 } });
    expect(f.targets.byState).toEqual({ unassigned: 0, assigned: 0, in_progress: 0, done: 5 });
    expect(f.participants).toEqual({ experts: 4, countries: 2 });
    const team = (id: string) => f.byTeam.find((r) => r.teamId === id)!;
    expect(team(other.teams.nl.id)).toMatchObject({ examined: { platforms: 2, usernames: 0, communications: 0 }, possibleVictims: { total: 2 } });
    expect(team(other.teams.ua.id)).toMatchObject({ examined: { platforms: 0, usernames: 1, communications: 1 }, suspects: 1 });
    expect(f.byCountry.UA.suspects).toBe(1);
    expect(f.byCountry.NL.platforms).toEqual({ suspected: 1, confirmed: 1, referred: 1 });
    expect(f.byCategory.escort).toMatchObject({ examined: { platforms: 1, usernames: 0, communications: 1 }, suspects: 1, possibleVictims: { total: 2, minors: 1 } });
    expect(f.byCategory.classifieds.platforms.referred).toBe(1);
    expect(f.byCategory.uncategorized.examined.usernames).toBe(1);
    expect(f.byTag['ukraine-related']).toMatchObject({ examined: { platforms: 1 }, possibleVictims: { total: 2, byNationality: { UA: 2 } } });
    expect(f.topIndicators).toEqual([
      { code: 'visibly_very_young', count: 2 },
      { code: 'third_party_control', count: 1 },
    ]);
    expect(f.findingsPerHour.reduce((sum, h) => sum + h.count, 0)).toBe(3);
    expect(await stored(op)).toEqual(await recounted(op));

    // Members without victim access: every other figure the same, no victim figure until a release.
    const limited = await expectStatus(t.get<Tallies>(apiPaths.tallies(op), other.observer.token), 200);
    expect(limited).toMatchObject({ examined: f.examined, platforms: f.platforms, suspects: 1, possibleVictims: null });
    expect(limited.victimRelease).toEqual({ releasedAt: null, suppressBelow: 3, topIndicators: [] });
    expect(limited.byTeam.every((row) => row.possibleVictims === null)).toBe(true);
    expect(limited.byTag['ukraine-related'].possibleVictims).toBeNull();
    expect(limited.topIndicators).toEqual([]);
    expect(await expectStatus(t.get<Tallies>(apiPaths.tallies(op), other.officerNl.token), 200)).toEqual(limited);
  });
});
