import { event, OP, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { describeLiveEvent, describerOf } from '../../shared/live-feed';
import { feedLookupsOf } from '../../test/feed-lookups';
import { matchesLiveFeed } from './live-feed';

const lookups = feedLookupsOf({ teams: { [TEAM_NL]: 'Netherlands', [TEAM_UA]: 'Ukraine' } });

describe('matches in the live feed', () => {
  it('describes cross-border matches', () => {
    const side = { country: null, targetId: null, findingId: null };
    const line = describeLiveEvent(
      matchesLiveFeed,
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

  it('stands out in the feed', () => {
    expect(describerOf(matchesLiveFeed, 'correlation.match')?.tone).toBe('match');
  });
});
