import { describeEvent, teamLabel, type FeedLookups } from './describe-event';
import { finding } from '../../entities/findings/test-fixtures';
import { event, OP, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { target } from '../../entities/targets/test-fixtures';

const names: Record<string, string> = { [TEAM_NL]: 'Netherlands', [TEAM_UA]: 'Ukraine' };
const cached = { t1: target('t1', { value: 'escort-site.example', status: 'assigned', teamId: TEAM_NL }) };
const lookups: FeedLookups = {
  teamName: (id) => (id ? (names[id] ?? null) : null),
  memberName: (id) => (id === 'u1' ? 'Alice' : null),
  target: (id) => (id && id in cached ? cached[id as keyof typeof cached] : null),
  teamExists: (id) => id in names,
  memberExists: () => false,
};

describe('describeEvent', () => {
  it('says which team logged what', () => {
    expect(describeEvent(event(1, 'finding.created', { finding: finding('f1') }), lookups)).toBe('Team Netherlands logged a possible victim');
    expect(describeEvent(event(2, 'finding.created', { finding: finding('f2', { type: 'suspect', targetId: 't1' }) }), lookups)).toBe(
      'Team Netherlands logged a suspect on escort-site.example',
    );
  });

  it('says who published what', () => {
    const publication = {
      slug: 'jad-results',
      title: 'JAD results',
      text: '',
      kind: 'joint_action_day' as const,
      startsAt: '2025-03-01T07:00:00.000Z',
      endsAt: '2025-03-01T19:00:00.000Z',
      timezone: 'Europe/Amsterdam',
      suppressBelow: 3,
      figures: [],
      publishedAt: '2025-03-01T20:00:00.000Z',
    };
    expect(describeEvent(event(9, 'publication.created', { publication }, 'u1'), lookups)).toBe('Alice published the summary “JAD results”');
  });

  it('summarizes bulk assignments', () => {
    const patches = Array.from({ length: 12 }, (_, i) => ({
      id: `x${i}`,
      status: 'assigned' as const,
      outcome: null,
      teamId: TEAM_UA,
      version: 2,
      updatedAt: '2025-03-01T10:00:00.000Z',
    }));
    expect(describeEvent(event(3, 'target.updated', { targets: patches }), lookups)).toBe('12 targets assigned to Ukraine');
  });

  it('tells take, close and release apart', () => {
    const base = { id: 't1', teamId: TEAM_NL, version: 3, updatedAt: '2025-03-01T10:00:00.000Z' };
    expect(describeEvent(event(4, 'target.updated', { targets: [{ ...base, status: 'in_progress', outcome: null }] }), lookups)).toBe(
      'Team Netherlands took escort-site.example',
    );
    expect(describeEvent(event(5, 'target.updated', { targets: [{ ...base, status: 'done', outcome: 'confirmed' }] }), lookups)).toBe(
      'Team Netherlands closed escort-site.example — trafficking confirmed',
    );
  });

  it('has no line for tally updates', () => {
    expect(describeEvent(event(6, 'tally.updated', { deltas: [] }), lookups)).toBeNull();
  });

  it('describes cross-border matches', () => {
    const side = { country: null, targetId: null, findingId: null };
    const line = describeEvent(
      event(7, 'correlation.match', {
        match: {
          id: 'm1',
          operationId: OP,
          kind: 'phone',
          normalized: '+380501234567',
          sides: [
            { ...side, teamId: TEAM_NL },
            { ...side, teamId: TEAM_UA },
          ],
          crossBorder: true,
          redacted: false,
          createdAt: '2025-03-01T09:00:00.000Z',
        },
      }),
      lookups,
    );
    expect(line).toBe('Match: phone +380501234567 found by Team Netherlands and Team Ukraine (cross-border)');
  });

  it('does not double the word team', () => {
    expect(teamLabel('Team Alpha')).toBe('Team Alpha');
    expect(teamLabel('Netherlands')).toBe('Team Netherlands');
  });
});
