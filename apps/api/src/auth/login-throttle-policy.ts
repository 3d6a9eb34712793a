import { isIPv4, isIPv6 } from 'node:net';

/**
 * How sign-in failures are throttled, per key. Every key counts failures like a leaky bucket: each
 * failure adds one, one leaks away every `leakSeconds`. The first `burst` failures in a row cost
 * nothing; from then on each failure makes the next attempt wait `baseSeconds`, doubling with
 * every further failure, up to `capSeconds`. There is no lockout: after the wait, one more try.
 */
export interface ThrottleRule {
  burst: number;
  baseSeconds: number;
  capSeconds: number;
  leakSeconds: number;
}

export type ThrottleKind = 'pair' | 'account' | 'address';

export interface ThrottlePolicy {
  /**
   * pair: one e-mail address from one client address, the guessing of one attacker at one
   * account. Grows first and has the high cap.
   *
   * account: one e-mail address from anywhere, guessing spread over many client addresses. Capped
   * low: whoever fails elsewhere can slow the real user by at most this much, never lock them out.
   *
   * address: one client address (IPv6 by /64) for any e-mail, password spraying. A generous
   * allowance that leaks fast, because a whole office or venue may sign in behind one NAT.
   */
  rules: Record<ThrottleKind, ThrottleRule>;
  /**
   * After a successful sign-in, the pair of that e-mail and that client address is trusted for
   * this long: its attempts answer to the pair key only, so failures elsewhere on the account (or
   * from other accounts on the address) cannot keep out a user where they signed in before.
   */
  trustSeconds: number;
  /** Hard cap on rows; past it the rows that carry the least are evicted. */
  maxRows: number;
  /** A cap check after this many new rows (per instance). */
  pruneEveryRows: number;
  /** Expired rows deleted by each attempt that writes (they are indexed by expiry). */
  expiredPerAttempt: number;
}

export const LOGIN_THROTTLE: ThrottlePolicy = {
  rules: {
    pair: { burst: 3, baseSeconds: 1, capSeconds: 3600, leakSeconds: 1800 },
    account: { burst: 5, baseSeconds: 1, capSeconds: 30, leakSeconds: 60 },
    address: { burst: 50, baseSeconds: 1, capSeconds: 600, leakSeconds: 20 },
  },
  trustSeconds: 14 * 24 * 3600,
  maxRows: 100_000,
  pruneEveryRows: 500,
  expiredPerAttempt: 100,
};

/** What one key remembers. */
export interface KeyState {
  failures: number;
  /** `failures` is the count as of this instant; one leaks away every leakSeconds after it. */
  decayedAt: Date;
  nextAt: Date | null;
  trustedUntil: Date | null;
}

/** The wait after the `failures`-th failure in a row, in seconds (0: none). */
export function delaySeconds(rule: ThrottleRule, failures: number): number {
  if (failures < rule.burst) return 0;
  return Math.min(rule.capSeconds, rule.baseSeconds * 2 ** Math.min(failures - rule.burst, 40));
}

/** The failures still counted at `now`, and the instant they are counted from (whole leaks only, so nothing is lost). */
export function decayed(rule: ThrottleRule, state: Pick<KeyState, 'failures' | 'decayedAt'>, now: Date): { failures: number; decayedAt: Date } {
  const leakMs = rule.leakSeconds * 1000;
  const leaked = Math.floor(Math.max(0, now.getTime() - state.decayedAt.getTime()) / leakMs);
  if (leaked >= state.failures) return { failures: 0, decayedAt: now };
  return { failures: state.failures - leaked, decayedAt: new Date(state.decayedAt.getTime() + leaked * leakMs) };
}

/** The state after one more failure at `now`. */
export function charged(rule: ThrottleRule, state: KeyState | null, now: Date): KeyState {
  const base = state ? decayed(rule, state, now) : { failures: 0, decayedAt: now };
  const failures = base.failures + 1;
  const delay = delaySeconds(rule, failures);
  return { failures, decayedAt: base.decayedAt, nextAt: delay > 0 ? new Date(now.getTime() + delay * 1000) : null, trustedUntil: state?.trustedUntil ?? null };
}

/** When a row has nothing left to say: no wait pending, every failure leaked, no trust. */
export function expiresAt(rule: ThrottleRule, state: KeyState): Date {
  const times = [state.decayedAt.getTime() + state.failures * rule.leakSeconds * 1000];
  if (state.nextAt) times.push(state.nextAt.getTime());
  if (state.trustedUntil) times.push(state.trustedUntil.getTime());
  return new Date(Math.max(...times));
}

/**
 * A client address as the throttle counts it: IPv4 as is (also when IPv4-mapped, `::ffff:1.2.3.4`),
 * IPv6 by its /64 prefix, since one subscriber or host usually holds a whole /64 and could
 * otherwise pick a fresh address for every attempt.
 */
export function clientAddressKey(address: string | undefined | null): string {
  if (!address) return 'unknown';
  let a = address.trim().toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return a.slice(0, 100);
  const groups = ipv6Groups(a);
  // IPv4-mapped (::ffff:a.b.c.d, also written in hex): the IPv4 address.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 as two groups). */
function ipv6Groups(address: string): number[] {
  const toGroups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const [a, b, c, d] = piece.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(parseInt(piece, 16));
    }
    return out;
  };
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = toGroups(head);
  if (tail === undefined) return left;
  const right = toGroups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** "8 seconds", "2 minutes": how long until `retryAfterSeconds` have passed, for the message. */
export function waitText(retryAfterSeconds: number): string {
  if (retryAfterSeconds < 90) return `${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `${minutes} minutes`;
}
