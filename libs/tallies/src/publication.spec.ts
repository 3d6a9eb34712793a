import type { Tallies } from '@actionday/contracts';
import { draftPressRelease, emptyTallies, publishCount, publishFigures } from './index';

const base = (): Tallies => {
  const t = emptyTallies({
    operationId: '00000000-0000-4000-8000-000000000001',
    frozen: true,
    closedAt: '2026-11-23T20:00:00.000Z',
    snapshotSha256: null,
    asOfSeq: 10,
    participants: { experts: 85, countries: 20 },
    teams: [],
    countries: ['NL', 'UA'],
  });
  // The EMPACT joint action day's published figures (seeds).
  t.examined.platforms = 114;
  t.platforms.suspected = 53;
  t.suspects = 11;
  t.possibleVictims = { total: 45, minors: 2, byNationality: { UA: 25, RO: 18, MD: 2 } };
  t.byTag['ukraine-related'] = { ...structuredClone(t), examined: { platforms: 30, usernames: 0, communications: 0 } } as Tallies;
  return t;
};

const empact = { kind: 'joint_action_day' as const, startsAt: '2026-11-23T06:00:00Z', endsAt: '2026-11-23T20:00:00Z', timezone: 'Europe/Amsterdam' };

describe('publishing figures', () => {
  it('suppresses counts below the threshold, but not zero and not what the organizer publishes on purpose', () => {
    expect(publishCount(2, 3, false)).toEqual({ value: null, display: '<3' });
    expect(publishCount(3, 3, false)).toEqual({ value: 3, display: '3' });
    expect(publishCount(0, 3, false)).toEqual({ value: 0, display: '0' });
    expect(publishCount(2, 3, true)).toEqual({ value: 2, display: '2' });
    expect(publishCount(4, 10, false)).toEqual({ value: null, display: '<10' });
  });

  it('publishes only the chosen figures, in the chosen order, with breakdowns sorted by size', () => {
    const figures = publishFigures(base(), { figures: ['possibleVictims.byNationality', 'suspects'], exact: [], suppressBelow: 3 });
    expect(figures.map((f) => f.name)).toEqual(['possibleVictims.byNationality', 'suspects']);
    expect(figures[0]).toMatchObject({
      value: 45,
      breakdown: [
        { key: 'UA', value: 25, display: '25' },
        { key: 'RO', value: 18, display: '18' },
        { key: 'other', value: null, display: '<3' },
      ],
    });
    expect(figures[1]).toMatchObject({ value: 11, label: 'Suspects identified' });
  });

  it('drafts the press release from the published figures alone', () => {
    const figures = publishFigures(base(), {
      figures: ['participants.experts', 'participants.countries', 'examined.platforms', 'examined.platforms.byTag', 'platforms.suspected', 'suspects', 'possibleVictims.total', 'possibleVictims.byNationality', 'possibleVictims.minors'],
      exact: [],
      suppressBelow: 3,
    });
    expect(draftPressRelease(empact, figures)).toBe(
      'On 23 November 2026, 85 experts from 20 countries took part in a joint action day against online human trafficking. ' +
        'They examined 114 platforms and sites (30 tagged ukraine-related). ' +
        '53 platforms were suspected of involvement in trafficking. ' +
        'The teams identified 11 suspects and 45 possible victims (25 from UA, 18 from RO and fewer than 3 from other countries). ' +
        'Fewer than 3 of the possible victims are minors.',
    );
  });

  it('says nothing about a figure that is not published', () => {
    const figures = publishFigures(base(), { figures: ['examined.platforms'], exact: [], suppressBelow: 3 });
    const text = draftPressRelease({ ...empact, endsAt: '2026-11-25T20:00:00Z' }, figures);
    expect(text).toBe(
      'From 23 November 2026 to 25 November 2026, law-enforcement experts took part in a joint action day against online human trafficking. They examined 114 platforms and sites.',
    );
    expect(text).not.toMatch(/suspect|victim/);
  });
});
