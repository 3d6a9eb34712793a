import { reauthDelay, REAUTH_MARGIN_MS } from './socket';

describe('the live socket re-authenticates before its token expires', () => {
  it('hands over a fresh token a minute before expiry, at once when that is past, never when signed out', () => {
    const now = 1_000_000;
    expect(reauthDelay(now + 15 * 60_000, now)).toBe(15 * 60_000 - REAUTH_MARGIN_MS);
    expect(reauthDelay(now + 30_000, now)).toBe(0);
    expect(reauthDelay(null, now)).toBeNull();
  });
});
