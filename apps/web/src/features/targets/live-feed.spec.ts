import { event, TEAM_NL, TEAM_UA } from '../../entities/operations/test-fixtures';
import { target } from '../../entities/targets/test-fixtures';
import { describeLiveEvent, historyLookups } from '../../shared/live-feed';
import { feedLookupsOf } from '../../test/feed-lookups';
import { targetsLiveFeed } from './live-feed';

const lookups = feedLookupsOf({
  teams: { [TEAM_NL]: 'Netherlands', [TEAM_UA]: 'Ukraine' },
  members: { u1: 'Alice' },
  targets: {
    t1: target('t1', { value: 'escort-site.example', status: 'assigned', teamId: TEAM_NL }),
    t2: target('t2', { value: 'ads.example', status: 'done', teamId: TEAM_NL }),
    t3: target('t3', { value: 'chat.example', status: 'in_progress', teamId: TEAM_NL }),
  },
});
const describeEvent = (e: Parameters<typeof describeLiveEvent>[1], l = lookups) => describeLiveEvent(targetsLiveFeed, e, l);
const patch = { version: 3, updatedAt: '2025-03-01T10:00:00.000Z' };

describe('targets in the live feed', () => {
  it('summarizes bulk assignments', () => {
    const patches = Array.from({ length: 12 }, (_, i) => ({
      id: `x${i}`,
      status: 'assigned' as const,
      outcome: null,
      teamId: TEAM_UA,
      version: 2,
      updatedAt: '2025-03-01T10:00:00.000Z',
    }));
    expect(describeEvent(event(3, 'target.updated', { targets: patches }))).toBe('12 targets assigned to Ukraine');
  });

  it('tells take, close and release apart', () => {
    const base = { id: 't1', teamId: TEAM_NL, version: 3, updatedAt: '2025-03-01T10:00:00.000Z' };
    expect(describeEvent(event(4, 'target.updated', { targets: [{ ...base, status: 'in_progress', outcome: null }] }))).toBe(
      'Team Netherlands took escort-site.example',
    );
    expect(describeEvent(event(5, 'target.updated', { targets: [{ ...base, status: 'done', outcome: 'confirmed' }] }))).toBe(
      'Team Netherlands closed escort-site.example — trafficking confirmed',
    );
  });

  it('tells reopen and release from the target’s state before the event', () => {
    const reopened = event(6, 'target.updated', { targets: [{ ...patch, id: 't2', teamId: TEAM_NL, status: 'in_progress', outcome: null }] });
    const released = event(7, 'target.updated', { targets: [{ ...patch, id: 't3', teamId: TEAM_NL, status: 'assigned', outcome: null }] });
    expect(describeEvent(reopened)).toBe('Team Netherlands reopened ads.example');
    expect(describeEvent(released)).toBe('Team Netherlands released chat.example');
    // In the history the state before is unknown.
    expect(describeEvent(reopened, historyLookups(lookups))).toBe('Team Netherlands took ads.example');
    expect(describeEvent(released, historyLookups(lookups))).toBe('chat.example assigned to Netherlands');
  });

  it('names new and imported targets, and no line for an empty update', () => {
    const created = (redacted: boolean) => target('n1', { kind: 'phone', value: redacted ? null : '+31 6 1234', redacted });
    expect(describeEvent(event(8, 'target.created', { target: created(false) }))).toBe('New target: phone +31 6 1234');
    expect(describeEvent(event(9, 'target.created', { target: created(true) }))).toBe('New phone target (restricted)');
    expect(describeEvent(event(10, 'targets.imported', { count: 1, firstCreatedAt: '2025-03-01T10:00:00.000Z' }))).toBe('1 target imported');
    expect(describeEvent(event(11, 'target.updated', { targets: [] }))).toBeNull();
  });
});
