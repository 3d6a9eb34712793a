import type { Viewer } from '@actionday/contracts';
import { versionsOf } from './event-versions';

describe('versionsOf', () => {
  // What each viewer may read of a record: coordinators and the teams t1 and t3 everything,
  // team t2 all but the id it duplicates, everyone else a redacted record.
  const view = (v: Viewer) =>
    !v
      ? { alias: null, duplicateOf: null }
      : v.role === 'coordinator'
        ? { alias: 'Lena', duplicateOf: 'x' }
        : v.teamId === 't1' || v.teamId === 't3'
          ? { alias: 'Lena', duplicateOf: 'x' }
          : v.teamId === 't2'
            ? { alias: 'Lena', duplicateOf: null }
            : { alias: null, duplicateOf: null };

  it('gives the restricted teams that read alike their version, and any team that reads less the officers one, never more than its own', () => {
    const v = versionsOf(['t2', 't1', 't3'], view);
    expect(v.team).toEqual({ alias: 'Lena', duplicateOf: 'x' });
    expect(v.teamIds).toEqual(['t1', 't3']);
    expect(v.officer).toEqual({ alias: null, duplicateOf: null });
  });

  it('keeps every restricted team when they all read the same', () => {
    const v = versionsOf(['t1', 't3', null], view);
    expect(v.teamIds).toEqual(['t1', 't3']);
  });

  it('has no team version without restricted teams', () => {
    const v = versionsOf([], view);
    expect(v.teamIds).toEqual([]);
    expect(v.team).toBe(v.officer);
  });
});
