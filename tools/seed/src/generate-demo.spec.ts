import {
  createFindingRequestSchema,
  createOperationRequestSchema,
  createTargetRequestSchema,
  createUserRequestSchema,
  DEFAULT_INDICATOR_CODES,
  PLATFORM_CATEGORIES,
  type IdentifierInput,
} from '@actionday/contracts';
import { normalizeIdentifier, normalizeUrl } from '@actionday/identifiers';
import fc from 'fast-check';
import {
  EXAMPLE_EMAIL_DOMAINS,
  generateDemo,
  isExampleHost,
  isFictitiousPhone,
  MESSAGING_APPS,
  SOCIAL_PLATFORMS,
  type DemoPlan,
  type DemoTarget,
} from './index';

const DATE = '2026-11-23T15:30:00+01:00';
const plan = generateDemo({ date: DATE });
const CLIENT_ID = '00000000-0000-4000-8000-000000000001';

const normalizedOf = (t: DemoTarget) =>
  normalizeIdentifier(t.kind, t.value, { defaultCountry: t.country, platform: t.platform });
const share = (n: number, total: number) => n / total;
const withoutDemoFields = ({ teamIndex: _t, status: _s, outcome: _o, ...body }: DemoTarget) => body;

/** Every invariant that must hold for any options, not only the defaults. */
function expectFictitiousAndValid(p: DemoPlan): void {
  expect(createOperationRequestSchema.safeParse(p.operation).success).toBe(true);

  const seen = new Set<string>();
  for (const t of p.targets) {
    expect(createTargetRequestSchema.safeParse(withoutDemoFields(t)).error).toBeUndefined();
    const n = normalizedOf(t);
    expect(seen.has(n.normalized)).toBe(false);
    seen.add(n.normalized);
    expectFictitious({ kind: t.kind, value: t.value, platform: t.platform }, t.country);
    if (t.teamIndex !== null) expect(p.teams[t.teamIndex].country).toBe(t.country);
  }

  for (const f of p.findings) {
    const parsed = createFindingRequestSchema.safeParse({ ...f.body, clientId: CLIENT_ID });
    expect(parsed.error).toBeUndefined();
    const target = p.targets[f.targetIndex];
    const author = p.accounts.find((a) => a.key === f.accountKey);
    expect(author?.role).toBe('officer');
    expect(author?.teamIndex).toBe(target.teamIndex);
    expect(['in_progress', 'done']).toContain(target.status);
    for (const i of f.body.identifiers ?? []) expectFictitious(i, target.country);
    for (const e of f.body.evidence ?? [])
      expectFictitious({ kind: 'url', value: e.url ?? '' }, null);
    if (f.body.type === 'site_assessment') {
      for (const url of [f.body.url ?? '', ...(f.body.mirrors ?? [])])
        expectFictitious({ kind: 'url', value: url }, null);
    }
  }
}

function expectFictitious(
  {
    kind,
    value,
    platform,
  }: { kind: DemoTarget['kind'] | IdentifierInput['kind']; value: string; platform?: string },
  country: string | null | undefined,
): void {
  const n = normalizeIdentifier(kind, value, { defaultCountry: country, platform });
  const where = `${kind} ${value}`;
  switch (kind) {
    case 'phone':
      expect([where, isFictitiousPhone(n.normalized)]).toEqual([where, true]);
      break;
    case 'email':
      expect(EXAMPLE_EMAIL_DOMAINS).toContain(n.normalized.split('@')[1]);
      break;
    case 'platform':
    case 'url':
      expect([where, n.valid && isExampleHost(normalizeUrl(value).platform ?? '')]).toEqual([
        where,
        true,
      ]);
      break;
    case 'username': {
      const onSocial = (SOCIAL_PLATFORMS as readonly string[]).includes(n.platform ?? '');
      expect([where, onSocial || isExampleHost(n.platform ?? '')]).toEqual([where, true]);
      // An invented handle on a real platform must not be anyone's account.
      if (onSocial) expect(n.normalized).toContain('demo');
      break;
    }
    case 'messaging': {
      expect(MESSAGING_APPS.map((a) => a.toLowerCase())).toContain(n.platform);
      const id = n.normalized.slice(n.normalized.indexOf(':') + 1);
      if (id.startsWith('+')) expect([where, isFictitiousPhone(id)]).toEqual([where, true]);
      else expect(id).toContain('demo');
      break;
    }
    default:
      throw new Error(`unexpected kind ${kind}`);
  }
}

describe('generateDemo', () => {
  it('is deterministic for a seed and a date', () => {
    expect(generateDemo({ date: DATE })).toEqual(plan);
    expect(generateDemo({ seed: 7, date: DATE })).toEqual(generateDemo({ seed: 7, date: DATE }));
    expect(generateDemo({ seed: 7, date: DATE }).targets).not.toEqual(plan.targets);
  });

  it('plans a joint action day of the teams, from 06:00Z for 14 hours', () => {
    expect(plan.operation).toMatchObject({
      name: 'EMPACT JAD demo — online THB',
      kind: 'joint_action_day',
      startsAt: '2026-11-23T06:00:00.000Z',
      endsAt: '2026-11-23T20:00:00.000Z',
      timezone: 'Europe/Amsterdam',
      countries: plan.teams.map((t) => t.country),
    });
    expect(plan.operation.description).toMatch(/invented/);
  });

  it('starts today when no date is given', () => {
    const before = new Date().toISOString().slice(0, 10);
    const { startsAt } = generateDemo({ targetCount: 0 }).operation;
    const after = new Date().toISOString().slice(0, 10);
    // Either side of midnight UTC, should the test run across it.
    expect([`${before}T06:00:00.000Z`, `${after}T06:00:00.000Z`]).toContain(startsAt);
  });

  it('has 20 country teams by default, each with its own country and language', () => {
    expect(plan.teams).toHaveLength(20);
    expect(new Set(plan.teams.map((t) => t.country)).size).toBe(20);
    expect(plan.teams.slice(0, 5)).toEqual([
      { name: 'Netherlands', country: 'NL', language: 'nl' },
      { name: 'Ukraine', country: 'UA', language: 'uk' },
      { name: 'Romania', country: 'RO', language: 'ro' },
      { name: 'Albania', country: 'AL', language: 'sq' },
      { name: 'Germany', country: 'DE', language: 'de' },
    ]);
  });

  it('has one organizer, coordinator and observer and two officers per team', () => {
    const byRole = (role: string) => plan.accounts.filter((a) => a.role === role);
    expect(byRole('organizer').map((a) => a.email)).toEqual(['organizer@demo.example']);
    expect(byRole('coordinator').map((a) => a.email)).toEqual(['coordinator@demo.example']);
    expect(byRole('observer').map((a) => a.email)).toEqual(['observer@demo.example']);
    expect(byRole('officer')).toHaveLength(40);
    expect(plan.accounts.find((a) => a.key === 'officer.nl.1')).toEqual({
      key: 'officer.nl.1',
      email: 'officer.nl.1@demo.example',
      displayName: 'Officer NL 1',
      role: 'officer',
      teamIndex: 0,
      country: 'NL',
      organization: expect.any(String),
    });
    for (const [teamIndex, team] of plan.teams.entries()) {
      expect(
        byRole('officer').filter((a) => a.teamIndex === teamIndex && a.country === team.country),
      ).toHaveLength(2);
    }
    expect(new Set(plan.accounts.map((a) => a.key)).size).toBe(plan.accounts.length);
    expect(new Set(plan.accounts.map((a) => a.email)).size).toBe(plan.accounts.length);
    for (const a of plan.accounts) {
      const request = {
        email: a.email,
        displayName: a.displayName,
        password: 'demo-password-123',
        organization: a.organization,
        ...(a.country ? { country: a.country } : {}),
      };
      expect(createUserRequestSchema.safeParse(request).error).toBeUndefined();
    }
  });

  it('follows the counts it is given', () => {
    const small = generateDemo({
      seed: 1,
      teamCount: 3,
      targetCount: 40,
      officersPerTeam: 1,
      date: DATE,
    });
    expect(small.teams).toHaveLength(3);
    expect(small.targets).toHaveLength(40);
    expect(small.accounts).toHaveLength(3 + 3);
    expect(generateDemo({ officersPerTeam: 0, date: DATE }).findings).toEqual([]);
    expect(() => generateDemo({ teamCount: 0 })).toThrow(RangeError);
    expect(() => generateDemo({ teamCount: 100 })).toThrow(RangeError);
    expect(() => generateDemo({ targetCount: 1.5 })).toThrow(RangeError);
  });

  describe('targets', () => {
    const targets = plan.targets;
    const count = (pred: (t: DemoTarget) => boolean) => targets.filter(pred).length;

    it('are 300 of the planned kinds', () => {
      expect(targets).toHaveLength(300);
      const kinds = Object.fromEntries(
        ['platform', 'url', 'username', 'phone', 'email', 'messaging'].map((k) => [
          k,
          count((t) => t.kind === k),
        ]),
      );
      expect(kinds).toEqual({
        platform: 120,
        url: 45,
        username: 45,
        phone: 45,
        email: 24,
        messaging: 21,
      });
    });

    it('cover every OSCE platform category', () => {
      const categories = new Set(targets.map((t) => t.category));
      for (const c of PLATFORM_CATEGORIES) expect(categories).toContain(c);
      expect(count((t) => t.category === 'csam_related')).toBeLessThan(10);
    });

    it('carry the country and language of a team, tags from the small set and a priority', () => {
      const countries = new Map(plan.teams.map((t) => [t.country, t.language]));
      for (const t of targets) {
        expect(countries.get(t.country ?? '')).toBe(t.language);
        expect(t.priority).toBeGreaterThanOrEqual(0);
        expect(t.priority).toBeLessThanOrEqual(5);
        for (const tag of t.tags ?? [])
          expect(['ukraine-related', 'labour', 'csam-referral', 'dark-web']).toContain(tag);
      }
      const tagged = (tag: string) =>
        share(
          count((t) => t.tags?.includes(tag) ?? false),
          targets.length,
        );
      expect(tagged('ukraine-related')).toBeGreaterThan(0.15);
      expect(tagged('ukraine-related')).toBeLessThan(0.35);
      expect(tagged('labour')).toBeGreaterThan(0);
      expect(tagged('csam-referral')).toBeLessThan(0.05);
      expect(tagged('dark-web')).toBeLessThan(0.1);
    });

    it('are 60% assigned to the team of their country, a few in progress and ~10% of those done', () => {
      const assigned = targets.filter((t) => t.status !== 'unassigned');
      expect(assigned).toHaveLength(180);
      for (const t of targets) {
        expect(t.teamIndex === null).toBe(t.status === 'unassigned');
        expect(t.outcome === null).toBe(t.status !== 'done');
      }
      const done = assigned.filter((t) => t.status === 'done');
      expect(done).toHaveLength(18);
      expect(assigned.filter((t) => t.status === 'in_progress').length).toBeGreaterThanOrEqual(3);
      const outcome = (o: string) => done.filter((t) => t.outcome === o).length;
      expect(outcome('no_indicators')).toBeGreaterThan(done.length / 2);
      expect(outcome('suspicious')).toBeGreaterThan(0);
      expect(outcome('confirmed')).toBeGreaterThan(0);
      expect(outcome('referred')).toBeGreaterThan(0);
    });

    it('are unique after normalization, schema-valid and fictitious', () => {
      expectFictitiousAndValid(plan);
      // Normalization must actually have work to do: several values are spelled untidily.
      expect(count((t) => normalizedOf(t).normalized !== t.value)).toBeGreaterThan(100);
    });
  });

  describe('findings', () => {
    const findings = plan.findings;
    const bodies = findings.map((f) => f.body);

    it('are a dozen or two of every kind but links, with stable keys', () => {
      expect(findings.length).toBeGreaterThanOrEqual(12);
      expect(findings.length).toBeLessThanOrEqual(24);
      expect(new Set(findings.map((f) => f.clientKey)).size).toBe(findings.length);
      expect(new Set(bodies.map((b) => b.type))).toEqual(
        new Set(['site_assessment', 'suspect', 'possible_victim']),
      );
    });

    it('fill the OSCE fields of site assessments', () => {
      for (const b of bodies) {
        if (b.type !== 'site_assessment') continue;
        expect(b).toMatchObject({
          siteName: expect.any(String),
          url: expect.stringMatching(/^https:\/\/[a-z0-9.-]+\.example\/$/),
          category: expect.any(String),
          adCount: expect.any(Number),
          geographicScope: expect.any(String),
          advertisedOrigin: expect.any(String),
          language: expect.any(String),
          adSpace: expect.any(String),
        });
      }
    });

    it('include mostly Ukrainian possible victims, a couple of them minors', () => {
      const victims = bodies.flatMap((b) => (b.type === 'possible_victim' ? [b] : []));
      expect(victims.length).toBeGreaterThanOrEqual(4);
      expect(victims.filter((v) => v.nationality === 'UA').length).toBeGreaterThanOrEqual(
        victims.length / 3,
      );
      expect(victims.filter((v) => v.minor)).toHaveLength(2);
      for (const v of victims) expect(v.ageMin).toBeLessThanOrEqual(v.ageMax ?? 0);
      const suspects = bodies.flatMap((b) => (b.type === 'suspect' ? [b] : []));
      for (const s of suspects)
        expect(s).toMatchObject({
          alias: expect.any(String),
          nationality: expect.any(String),
          role: expect.any(String),
        });
    });

    it('use indicators of the default catalogue only', () => {
      for (const b of bodies)
        for (const code of b.indicators ?? []) expect(DEFAULT_INDICATOR_CODES).toContain(code);
      expect(bodies.some((b) => (b.indicators ?? []).length > 0)).toBe(true);
    });

    it('share one phone number between two teams, so the demo shows a match', () => {
      const teamsByNumber = new Map<string, Set<number | null>>();
      for (const f of findings) {
        for (const i of f.body.identifiers ?? []) {
          if (i.kind !== 'phone') continue;
          const n = normalizeIdentifier('phone', i.value).normalized;
          teamsByNumber.set(
            n,
            (teamsByNumber.get(n) ?? new Set()).add(plan.targets[f.targetIndex].teamIndex),
          );
        }
      }
      expect([...teamsByNumber.values()].some((teams) => teams.size >= 2)).toBe(true);
    });
  });

  it('holds every invariant for other seeds and sizes', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer(),
          teamCount: fc.integer({ min: 1, max: 30 }),
          targetCount: fc.integer({ min: 0, max: 400 }),
          officersPerTeam: fc.integer({ min: 0, max: 3 }),
        }),
        (options) => {
          const p = generateDemo({ ...options, date: DATE });
          expect(p.teams).toHaveLength(options.teamCount);
          expect(p.targets).toHaveLength(options.targetCount);
          expect(p.accounts).toHaveLength(3 + options.teamCount * options.officersPerTeam);
          expectFictitiousAndValid(p);
        },
      ),
      { numRuns: 25 },
    );
  });
});
