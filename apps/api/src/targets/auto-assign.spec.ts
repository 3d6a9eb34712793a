import { proposeAssignments, type RuleTeam } from './auto-assign';

const teams: RuleTeam[] = [
  { id: 'nl-1', name: 'Netherlands A', country: 'NL', language: 'nl' },
  { id: 'nl-2', name: 'Netherlands B', country: 'NL', language: 'nl' },
  { id: 'ua', name: 'Ukraine', country: 'UA', language: 'uk' },
  { id: 'be-fr', name: 'Belgium FR', country: 'BE', language: 'fr' },
  { id: 'fr', name: 'France', country: 'FR', language: 'fr' },
];

describe('rule-based assignment', () => {
  it('prefers country and language, then country, then language, and leaves the rest unassigned', () => {
    const { proposals, unmatched } = proposeAssignments(
      [
        { id: 't1', country: 'NL', language: 'nl' },
        { id: 't2', country: 'UA', language: 'ru' },
        { id: 't3', country: 'CH', language: 'fr' },
        { id: 't4', country: 'JP', language: 'ja' },
        { id: 't5', country: null, language: null },
      ],
      teams,
      new Map(),
    );
    expect(proposals).toEqual([
      { targetId: 't1', teamId: 'nl-1', rule: 'country_language' },
      { targetId: 't2', teamId: 'ua', rule: 'country' },
      { targetId: 't3', teamId: 'be-fr', rule: 'language' },
    ]);
    expect(unmatched).toEqual(['t4', 't5']);
  });

  it('balances open workload across candidate teams, counting what they already have', () => {
    const targets = Array.from({ length: 10 }, (_, i) => ({ id: `t${i}`, country: 'NL', language: 'nl' }));
    const { proposals, loadAfter } = proposeAssignments(targets, teams, new Map([['nl-1', 4]]));
    const count = (team: string) => proposals.filter((p) => p.teamId === team).length;
    expect(count('nl-1')).toBe(3);
    expect(count('nl-2')).toBe(7);
    expect(loadAfter.get('nl-1')).toBe(7);
    expect(loadAfter.get('nl-2')).toBe(7);
  });

  it('matches country and language case-insensitively', () => {
    const { proposals } = proposeAssignments([{ id: 't', country: 'ua', language: 'UK' }], teams, new Map());
    expect(proposals).toEqual([{ targetId: 't', teamId: 'ua', rule: 'country_language' }]);
  });
});
