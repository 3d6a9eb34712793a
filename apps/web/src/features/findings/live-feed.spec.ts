import { finding } from '../../entities/findings/test-fixtures';
import { event, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { target } from '../../entities/targets/test-fixtures';
import { describeLiveEvent } from '../../shared/live-feed';
import { feedLookupsOf } from '../../test/feed-lookups';
import { findingsLiveFeed } from './live-feed';

const lookups = feedLookupsOf({
  teams: { [TEAM_NL]: 'Netherlands', [TEAM_UA]: 'Ukraine' },
  members: { u1: 'Alice' },
  targets: { t1: target('t1', { value: 'escort-site.example', status: 'assigned', teamId: TEAM_NL }) },
});
const describeEvent = (e: Parameters<typeof describeLiveEvent>[1]) => describeLiveEvent(findingsLiveFeed, e, lookups);

describe('findings in the live feed', () => {
  it('says which team logged what', () => {
    expect(describeEvent(event(1, 'finding.created', { finding: finding('f1') }))).toBe('Team Netherlands logged a possible victim');
    expect(describeEvent(event(2, 'finding.created', { finding: finding('f2', { type: 'suspect', targetId: 't1' }) }))).toBe(
      'Team Netherlands logged a suspect on escort-site.example',
    );
  });

  it('says who reviewed which team’s finding, and how', () => {
    const reviewed = (status: 'confirmed' | 'duplicate' | 'submitted') => finding('f1', { type: 'site_assessment', teamId: TEAM_UA, status });
    expect(describeEvent(event(3, 'finding.updated', { finding: reviewed('confirmed') }, 'u1'))).toBe('Alice confirmed a site assessment of Team Ukraine');
    expect(describeEvent(event(4, 'finding.updated', { finding: reviewed('duplicate') }, 'u1'))).toBe('Alice marked a site assessment of Team Ukraine as duplicate');
    expect(describeEvent(event(5, 'finding.updated', { finding: reviewed('submitted') }))).toBe('A coordinator reopened a site assessment of Team Ukraine');
  });

  it('says who added an indicator to the catalogue', () => {
    const indicator = { code: 'debt_bondage', label: 'Debt bondage', builtin: false };
    expect(describeEvent(event(6, 'indicator.created', { indicator }, 'u1'))).toBe('Alice added the indicator “Debt bondage”');
    expect(describeEvent(event(7, 'indicator.created', { indicator }))).toBe('Someone added the indicator “Debt bondage”');
  });
});
