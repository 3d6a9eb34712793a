import { AUDIENCES, audienceOf, canSeeVictimDetails, DATA_CLASSES, eventAudienceOf, mayRead, NEED_TO_KNOW, readScope } from './policy';

describe('the need-to-know table', () => {
  const A = 'team-a';
  const B = 'team-b';

  it('has a grant for every data class and audience', () => {
    for (const c of DATA_CLASSES) for (const a of AUDIENCES) expect(['exact', 'released', 'published', 'none']).toContain(NEED_TO_KNOW[c][a]);
  });

  it('places a viewer by role and by the teams a record belongs to; observers never count as a team', () => {
    expect(audienceOf(null)).toBe('public');
    expect(audienceOf({ role: 'organizer', teamId: A }, [A])).toBe('organizer');
    expect(audienceOf({ role: 'coordinator', teamId: null }, [A])).toBe('coordinator');
    expect(audienceOf({ role: 'officer', teamId: A }, [A, B])).toBe('officer_own_team');
    expect(audienceOf({ role: 'officer', teamId: B }, [A])).toBe('officer_other_team');
    expect(audienceOf({ role: 'officer', teamId: null }, [null])).toBe('officer_other_team');
    expect(audienceOf({ role: 'observer', teamId: A }, [A])).toBe('observer');
  });

  it('gives a victim\u2019s details to coordinators, organizers and the team that logged it only', () => {
    for (const c of ['victim_details', 'victim_attributes', 'restricted_identifiers'] as const) {
      expect(mayRead({ role: 'organizer', teamId: null }, c, [A])).toBe(true);
      expect(mayRead({ role: 'coordinator', teamId: B }, c, [A])).toBe(true);
      expect(mayRead({ role: 'officer', teamId: A }, c, [A])).toBe(true);
      expect(mayRead({ role: 'officer', teamId: B }, c, [A])).toBe(false);
      expect(mayRead({ role: 'observer', teamId: A }, c, [A])).toBe(false);
      expect(mayRead(null, c, [A])).toBe(false);
    }
    expect(canSeeVictimDetails({ role: 'officer', teamId: A }, { teamId: A })).toBe(true);
    expect(canSeeVictimDetails({ role: 'officer', teamId: B }, { teamId: A })).toBe(false);
  });

  it('gives notes and evidence to officers of every team but not observers; contact data to coordinators and up', () => {
    expect(mayRead({ role: 'officer', teamId: B }, 'notes_evidence', [A])).toBe(true);
    expect(mayRead({ role: 'observer', teamId: null }, 'notes_evidence', [A])).toBe(false);
    expect(mayRead({ role: 'coordinator', teamId: null }, 'member_contact')).toBe(true);
    expect(mayRead({ role: 'officer', teamId: A }, 'member_contact')).toBe(false);
  });

  it('releases victim figures to officers and observers, exact only to coordinators and organizers, published to the public', () => {
    expect(NEED_TO_KNOW.victim_figures).toEqual({
      organizer: 'exact',
      coordinator: 'exact',
      officer_own_team: 'released',
      officer_other_team: 'released',
      observer: 'released',
      public: 'published',
    });
  });

  it('puts the same questions to SQL as a scope', () => {
    expect(readScope({ role: 'coordinator', teamId: A }, 'victim_details')).toEqual({ all: true, teamId: null });
    expect(readScope({ role: 'officer', teamId: A }, 'victim_details')).toEqual({ all: false, teamId: A });
    expect(readScope({ role: 'observer', teamId: A }, 'victim_details')).toEqual({ all: false, teamId: null });
    expect(readScope({ role: 'officer', teamId: A }, 'notes_evidence')).toEqual({ all: true, teamId: null });
    expect(readScope(null, 'aggregate_figures')).toEqual({ all: false, teamId: null });
  });

  it('sorts live viewers into the socket audiences', () => {
    expect(eventAudienceOf({ role: 'organizer', teamId: null }, [A])).toBe('full');
    expect(eventAudienceOf({ role: 'officer', teamId: A }, [A])).toBe('team');
    expect(eventAudienceOf({ role: 'officer', teamId: B }, [A])).toBe('officer');
    expect(eventAudienceOf({ role: 'observer', teamId: A }, [A])).toBe('observer');
  });
});
