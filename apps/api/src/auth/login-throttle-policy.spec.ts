import { charged, clientAddressKey, decayed, delaySeconds, expiresAt, LOGIN_THROTTLE, waitText } from './login-throttle-policy';

const { pair, account, address } = LOGIN_THROTTLE.rules;
const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + s * 1000);

describe('login throttle policy', () => {
  it('lets a burst through, then doubles the wait up to a cap; the pair key first and highest, the account key capped low', () => {
    const waits = (rule: typeof pair, n: number) => Array.from({ length: n }, (_, i) => delaySeconds(rule, i + 1));
    expect(waits(pair, 16)).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600]);
    expect(waits(account, 14)).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30, 30, 30]);
    expect(waits(address, 52)).toEqual([...Array(49).fill(0), 1, 2, 4]);
    expect(delaySeconds(account, 10_000)).toBe(30);
    expect(delaySeconds(pair, 10_000)).toBe(3600);
  });

  it('forgets one failure per leak interval, counting whole intervals only', () => {
    const state = { failures: 5, decayedAt: at(0) };
    expect(decayed(account, state, at(59))).toEqual({ failures: 5, decayedAt: at(0) });
    expect(decayed(account, state, at(61))).toEqual({ failures: 4, decayedAt: at(60) });
    expect(decayed(account, state, at(150))).toEqual({ failures: 3, decayedAt: at(120) });
    expect(decayed(account, state, at(3600))).toEqual({ failures: 0, decayedAt: at(3600) });
    // A failure after a long quiet time starts over.
    const after = charged(account, { ...state, nextAt: at(30), trustedUntil: null }, at(7200));
    expect(after).toEqual({ failures: 1, decayedAt: at(7200), nextAt: null, trustedUntil: null });
  });

  it('knows when a row has nothing left to say', () => {
    const s = charged(pair, { failures: 3, decayedAt: at(0), nextAt: null, trustedUntil: null }, at(10));
    expect(s).toMatchObject({ failures: 4, nextAt: at(12) });
    expect(expiresAt(pair, s)).toEqual(at(4 * 1800));
    expect(expiresAt(pair, { ...s, trustedUntil: at(86_400) })).toEqual(at(86_400));
  });

  it('counts IPv4 as is, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:cb00:7107')).toBe('203.0.113.7');
    expect(clientAddressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('[2001:db8:1:2:3:4:5:6]')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientAddressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('2001:db8:1:3::1')).not.toBe(clientAddressKey('2001:db8:1:2::1'));
    expect(clientAddressKey(undefined)).toBe('unknown');
  });

  it('says how long to wait in words', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(30)).toBe('30 seconds');
    expect(waitText(89)).toBe('89 seconds');
    expect(waitText(600)).toBe('10 minutes');
    expect(waitText(3599)).toBe('60 minutes');
  });
});
