import { plural, teamLabel } from './feed-text';

describe('feed text', () => {
  it('does not double the word team', () => {
    expect(teamLabel('Team Alpha')).toBe('Team Alpha');
    expect(teamLabel('Netherlands')).toBe('Team Netherlands');
  });

  it('counts in the plural but for one', () => {
    expect(plural(1, 'target')).toBe('1 target');
    expect(plural(12, 'target')).toBe('12 targets');
  });
});
