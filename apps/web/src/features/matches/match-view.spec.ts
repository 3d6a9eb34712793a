import { TEAM_DE, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { match } from './test-fixtures';
import { announcementFor, concernsViewer, matchAnnouncement, sideLabel, splitByTeam } from './match-view';

const names: Record<string, string> = { [TEAM_NL]: 'Netherlands', [TEAM_UA]: 'Ukraine' };
const teamName = (id: string | null) => (id ? (names[id] ?? null) : null);

describe('sideLabel', () => {
  it('names the team and its country, or says what is known', () => {
    expect(sideLabel({ teamId: TEAM_NL, country: 'NL', targetId: null, findingId: 'f' }, teamName)).toBe('Netherlands (NL)');
    expect(sideLabel({ teamId: TEAM_DE, country: 'DE', targetId: null, findingId: 'f' }, teamName)).toBe('a team in DE');
    expect(sideLabel({ teamId: null, country: 'RO', targetId: 't', findingId: null }, teamName)).toBe('unassigned target (RO)');
    expect(sideLabel({ teamId: null, country: null, targetId: null, findingId: 'f' }, teamName)).toBe('no team');
  });
});

describe('matchAnnouncement', () => {
  it('says kind, identifier, both sides and cross-border', () => {
    expect(matchAnnouncement(match('m1'), teamName)).toBe('New cross-border match on phone +31612345678: Ukraine (UA) and Netherlands (NL)');
  });

  it('says the identifier is hidden when redacted', () => {
    expect(matchAnnouncement(match('m1', { normalized: null, redacted: true, crossBorder: false, kind: 'email' }), teamName)).toBe(
      'New match on e-mail (identifier hidden): Ukraine (UA) and Netherlands (NL)',
    );
  });
});

describe('who hears of a match', () => {
  const ofUaNl = match('m1');
  const ofOthers = match('m2', {
    normalized: null,
    redacted: true,
    sides: [
      { teamId: TEAM_DE, country: 'DE', targetId: null, findingId: 'x' },
      { teamId: TEAM_UA, country: 'UA', targetId: null, findingId: 'y' },
    ],
  });

  it('tells coordinators of every match and officers of their team’s', () => {
    expect(concernsViewer(ofOthers, { seesAll: true, myTeamId: null })).toBe(true);
    expect(concernsViewer(ofUaNl, { seesAll: false, myTeamId: TEAM_NL })).toBe(true);
    expect(concernsViewer(ofOthers, { seesAll: false, myTeamId: TEAM_NL })).toBe(false);
  });

  it('announces the newest relevant match and how many came with it', () => {
    const officer = { seesAll: false, myTeamId: TEAM_NL };
    expect(announcementFor([ofOthers], officer, teamName)).toBeNull();
    expect(announcementFor([ofOthers, ofUaNl], officer, teamName)).toMatch(/^New cross-border match on phone/);
    expect(announcementFor([ofUaNl, ofOthers], { seesAll: true, myTeamId: null }, teamName)).toMatch(/^2 new matches\. New cross-border match on phone \+31612345678/);
  });

  it('splits an officer’s list into their team’s matches and the others', () => {
    const { mine, others } = splitByTeam([ofOthers, ofUaNl], TEAM_NL);
    expect(mine.map((m) => m.id)).toEqual(['m1']);
    expect(others.map((m) => m.id)).toEqual(['m2']);
    expect(splitByTeam([ofUaNl], null).mine).toEqual([]);
  });
});
