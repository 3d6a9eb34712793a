import { randomUUID } from 'node:crypto';
import { apiPaths, type ErrorBody } from '@actionday/contracts';
import { DataSource } from 'typeorm';
import { LoginThrottle, LoginThrottled } from '../src/auth/login-throttle';
import { LOGIN_THROTTLE } from '../src/auth/login-throttle-policy';
import { PASSWORD, TestApp, testConfig, type HttpResult } from './support/test-app';

/**
 * Sign-in throttling over HTTP, with client addresses set through X-Forwarded-For (TRUST_PROXY
 * on). Time is moved forward by moving every timestamp of the throttle table back: what the
 * server compares with now() is then exactly as if that much time had passed.
 */
describe('sign-in throttling per account and per client address', () => {
  let t: TestApp;
  let ds: DataSource;
  let n = 0;
  const secret = testConfig().jwtSecret;

  beforeAll(async () => {
    t = await TestApp.start({ trustProxy: true });
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const email = (who: string) => `${who}-${++n}-${randomUUID().slice(0, 8)}@test.example`;
  let octet = 0;
  /** A client address no other test uses. */
  const address = () => `198.51.${100 + Math.floor(++octet / 250)}.${octet % 250}`;
  const login = (mail: string, password: string, from: string): Promise<HttpResult<ErrorBody>> =>
    t.request<ErrorBody>('POST', apiPaths.login, { body: { email: mail, password }, headers: { 'x-forwarded-for': from } });
  const statuses = (results: HttpResult[]) => results.map((r) => r.status);
  const retryAfter = (r: HttpResult) => Number(r.headers.get('retry-after'));
  const rows = async () => Number((await ds.query('SELECT count(*)::int AS n FROM login_throttle'))[0].n);
  /** As if `seconds` had passed for every row of the table. */
  const elapse = (seconds: number) =>
    ds.query(
      `UPDATE login_throttle SET decayed_at = decayed_at - make_interval(secs => $1), next_at = next_at - make_interval(secs => $1),
         trusted_until = trusted_until - make_interval(secs => $1), expires_at = expires_at - make_interval(secs => $1),
         updated_at = updated_at - make_interval(secs => $1)`,
      [seconds],
    );
  const failuresOf = async (kind: 'pair' | 'account' | 'address', mail: string, from: string) => {
    const key = new LoginThrottle(ds, secret).keys(mail, from).find((k) => k.kind === kind)?.key;
    return ((await ds.query('SELECT failures FROM login_throttle WHERE key = $1', [key]))[0]?.failures ?? 0) as number;
  };

  it('lets no more parallel wrong attempts through than the allowance', async () => {
    const victim = await t.user(email('parallel'));
    const from = address();
    const burst = await Promise.all(Array.from({ length: 30 }, () => login(victim.email, 'wrong password', from)));
    expect(statuses(burst).filter((s) => s === 401)).toHaveLength(LOGIN_THROTTLE.rules.pair.burst);
    expect(statuses(burst).filter((s) => s === 429)).toHaveLength(30 - LOGIN_THROTTLE.rules.pair.burst);
    expect(burst.filter((r) => r.status === 429).every((r) => retryAfter(r) >= 1)).toBe(true);
    expect(await failuresOf('pair', victim.email, from)).toBe(LOGIN_THROTTLE.rules.pair.burst);

    // Spraying one address over many (unknown) accounts at once: the address allowance holds.
    // The 70 take seconds to check (argon2), so the waits of 1, 2, 4 ... s after the burst may
    // pass meanwhile and let one more through each; every one let through is counted once.
    const sprayer = address();
    const started = performance.now();
    const spray = await Promise.all(Array.from({ length: 70 }, () => login(email('nobody'), 'wrong password', sprayer)));
    const seconds = (performance.now() - started) / 1000;
    const through = statuses(spray).filter((s) => s === 401).length;
    expect(through).toBeGreaterThanOrEqual(LOGIN_THROTTLE.rules.address.burst);
    expect(through).toBeLessThanOrEqual(LOGIN_THROTTLE.rules.address.burst + Math.floor(Math.log2(seconds + 1)));
    expect(statuses(spray).filter((s) => s === 429)).toHaveLength(70 - through);
    expect(await failuresOf('address', 'any@test.example', sprayer)).toBe(through);
  });

  it('makes the waits grow, and says in Retry-After and in words when to try again', async () => {
    const victim = await t.user(email('growing'));
    const from = address();
    for (let i = 0; i < 3; i++) expect((await login(victim.email, 'wrong password', from)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 7; round++) {
      const refused = await login(victim.email, 'wrong password', from);
      expect(refused.status).toBe(429);
      waits.push(retryAfter(refused));
      expect(refused.body.message).toBe(`too many failed sign-ins; try again in ${retryAfter(refused)} second${retryAfter(refused) === 1 ? '' : 's'}`);
      await elapse(retryAfter(refused));
      expect((await login(victim.email, 'wrong password', from)).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64]);

    // Spread over many addresses, the account's own key slows down too, but never past 30 s.
    const target = await t.user(email('spread'));
    const accountWaits: number[] = [];
    for (let i = 0; i < 14; i++) {
      const from2 = address();
      let res = await login(target.email, 'wrong password', from2);
      if (res.status === 429) {
        accountWaits.push(retryAfter(res));
        await elapse(retryAfter(res));
        res = await login(target.email, 'wrong password', from2);
      }
      expect(res.status).toBe(401);
    }
    expect(accountWaits).toEqual([1, 2, 4, 8, 16, 30, 30, 30, 30]);
  });

  it('cannot be used by an attacker on one address to keep the real user out on another', async () => {
    const user = await t.user(email('real-user'));
    const attacker = address();
    // A burst, then every time the attacker is allowed again, for more than four minutes.
    await Promise.all(Array.from({ length: 30 }, () => login(user.email, 'wrong password', attacker)));
    for (let round = 0; round < 8; round++) {
      const tries = await Promise.all(Array.from({ length: 5 }, () => login(user.email, 'guess', attacker)));
      const refused = tries.find((r) => r.status === 429);
      if (refused) await elapse(retryAfter(refused));
    }
    // The real user, from an address they never used: in at once, or after one short wait that the
    // attacker, trying again at the same moment, cannot prolong.
    const home = address();
    let first = await login(user.email, PASSWORD, home);
    if (first.status === 429) {
      expect(retryAfter(first)).toBeLessThanOrEqual(LOGIN_THROTTLE.rules.account.capSeconds);
      await elapse(retryAfter(first));
      const meanwhile = await Promise.all(Array.from({ length: 10 }, () => login(user.email, 'guess', attacker)));
      expect(statuses(meanwhile).every((s) => s === 429)).toBe(true);
      first = await login(user.email, PASSWORD, home);
    }
    expect(first.status).toBe(200);

    // Attackers on many addresses keep the account key waiting: the user still gets in at once
    // from an address where they signed in before (and waits at most 30 s from a new one).
    for (let i = 0; i < 8; i++) await login(user.email, 'guess', address());
    const fresh = await login(user.email, PASSWORD, address());
    expect(fresh.status).toBe(429);
    expect(retryAfter(fresh)).toBeLessThanOrEqual(LOGIN_THROTTLE.rules.account.capSeconds);
    expect((await login(user.email, PASSWORD, home)).status).toBe(200);
  });

  it('counts /64 of IPv6 as one address', async () => {
    const victim = await t.user(email('ipv6'));
    for (const from of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:aaaa::3']) expect((await login(victim.email, 'wrong password', from)).status).toBe(401);
    expect((await login(victim.email, 'wrong password', '2001:db8:1:2:ffff:ffff:ffff:ffff')).status).toBe(429);
    expect((await login(victim.email, 'wrong password', '2001:db8:1:3::1')).status).toBe(401);
  });

  it('answers unknown and known e-mail addresses alike', async () => {
    const known = await t.user(email('known'));
    const unknown = email('unknown');
    const story = async (mail: string) => {
      const out: string[] = [];
      const one = address();
      for (let i = 0; i < 5; i++) {
        const r = await login(mail, 'wrong password', one);
        out.push(`${r.status} ${r.headers.get('retry-after') ?? '-'} ${r.body.message}`);
      }
      // And over other addresses, where the account's own key speaks.
      for (let i = 0; i < 6; i++) {
        const r = await login(mail, 'wrong password', address());
        out.push(`${r.status} ${r.headers.get('retry-after') ?? '-'} ${r.body.message}`);
      }
      return out;
    };
    const a = await story(known.email);
    const b = await story(unknown);
    expect(a).toEqual(b);
    expect(a).toContain('401 - wrong e-mail or password');
    expect(a.some((line) => line.startsWith('429 '))).toBe(true);
  });

  it('does not count successful sign-ins against a shared address', async () => {
    const office = address();
    const user = await t.user(email('office'));
    for (let i = 0; i < LOGIN_THROTTLE.rules.address.burst + 5; i++) expect((await login(user.email, PASSWORD, office)).status).toBe(200);
    expect(await failuresOf('address', user.email, office)).toBe(0);
  });

  it('keeps the table bounded: refused attempts write nothing, rows expire, and the table has a hard cap', async () => {
    // An address past its allowance cannot add rows by trying new e-mail addresses.
    const sprayer = address();
    await Promise.all(Array.from({ length: LOGIN_THROTTLE.rules.address.burst }, () => login(email('spray'), 'x', sprayer)));
    // Past the allowance, failing each time it may, until the address waits 16 s or more (its
    // failures leak every 20 s, so stepping through time does not get it much further).
    for (let wait = 0; wait < 16; ) {
      const res = await login(email('spray'), 'x', sprayer);
      if (res.status === 429) {
        wait = retryAfter(res);
        if (wait < 16) await elapse(wait);
      } else expect(res.status).toBe(401);
    }
    const before = await rows();
    const refused = await Promise.all(Array.from({ length: 100 }, () => login(email('spray'), 'x', sprayer)));
    expect(statuses(refused).every((s) => s === 429)).toBe(true);
    expect(await rows()).toBe(before);

    // Many random addresses and e-mail addresses: at most three rows per attempt let through...
    const start = await rows();
    for (let batch = 0; batch < 4; batch++) {
      await Promise.all(Array.from({ length: 20 }, () => login(email('random'), 'x', `203.0.${batch}.${Math.floor(Math.random() * 250)}`)));
    }
    expect((await rows()) - start).toBeLessThanOrEqual(80 * 3);

    // ...and none left once their failures have leaked away (trusted pairs of real sign-ins stay).
    await elapse(2 * 24 * 3600);
    const [{ trusted }] = await ds.query('SELECT count(*)::int AS trusted FROM login_throttle WHERE trusted_until > now()');
    expect(await rows()).toBeGreaterThan(trusted + LOGIN_THROTTLE.expiredPerAttempt);
    // Each attempt deletes up to 100 expired rows on its way.
    let later = 0;
    while (later < 20 && (await rows()) !== trusted + later * 3) {
      await login(email('later'), 'x', address());
      later += 1;
    }
    expect(await rows()).toBe(trusted + later * 3);
    expect(later).toBeLessThan(20);

    // The hard cap, on a throttle of the same table with a small one: a flood of new keys cannot
    // push the table past it, nor evict the rows that are making an attacker wait.
    const small = new LoginThrottle(ds, secret, { ...LOGIN_THROTTLE, maxRows: 60, pruneEveryRows: 10 });
    await ds.query('DELETE FROM login_throttle');
    const victim = email('kept');
    for (let i = 0; i < 3; i++) await small.begin(victim, '192.0.2.1');
    for (let round = 0; round < 6; round++) {
      const waiting = await small.begin(victim, '192.0.2.1').catch((e: unknown) => e);
      expect(waiting).toBeInstanceOf(LoginThrottled);
      await elapse((waiting as LoginThrottled).retryAfterSeconds);
      await small.begin(victim, '192.0.2.1');
    }
    let most = 0;
    for (let i = 0; i < 200; i++) {
      await small.begin(email('flood'), `10.${i % 250}.${Math.floor(i / 250)}.1`);
      most = Math.max(most, await rows());
    }
    // At most one round of new rows (3 per attempt) between two checks of the cap.
    expect(most).toBeLessThanOrEqual(60 + 10 * 3);
    await expect(small.begin(victim, '192.0.2.1')).rejects.toBeInstanceOf(LoginThrottled);
  });
});
