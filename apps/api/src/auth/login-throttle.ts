import { createHmac } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { charged, clientAddressKey, expiresAt, LOGIN_THROTTLE, type KeyState, type ThrottleKind, type ThrottlePolicy } from './login-throttle-policy';

/** The attempt must wait: every key that applies is past its allowance. */
export class LoginThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`sign-in throttled for ${retryAfterSeconds} s`);
  }
}

interface ThrottleKey {
  kind: ThrottleKind;
  /** HMAC-SHA-256, hex: what the table stores. */
  key: string;
}

/** An attempt let through: one failure is already counted on each of its keys. */
export interface LoginAttempt {
  keys: ThrottleKey[];
}

interface Row {
  key: string;
  failures: number;
  decayed_at: Date;
  next_at: Date | null;
  trusted_until: Date | null;
}

const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Sign-in throttling in PostgreSQL (so that it holds across API instances), per account, per
 * client address and per both (rules in login-throttle-policy.ts).
 *
 * `begin` runs before the password is checked, in one short transaction: it creates the missing
 * rows of the attempt's keys, locks all of them in key order (so that parallel attempts queue and
 * each sees the count the previous one left), refuses the attempt if a key that applies is
 * waiting, and otherwise counts a failure on every key right away. The password check happens
 * outside the transaction; a right password takes that failure back (`succeeded`). So parallel
 * wrong attempts can never get past the allowance, and no lock is held during argon2.
 *
 * A refused attempt writes nothing (its transaction is rolled back), so an address that is
 * waiting cannot grow the table by trying new e-mail addresses. Attempts for e-mail addresses
 * without an account are counted exactly like the others, so that the answers do not tell which
 * accounts exist; what bounds the table is the address key (an address gets ~50 failures, then
 * slows down to one per ~20 s), the expiry of every row once its failures have leaked away
 * (attempts delete expired rows as they go), and a hard cap on the rows.
 */
export class LoginThrottle {
  private readonly logger = new Logger('login-throttle');
  private readonly hmacKey: Buffer;
  private newRows = 0;
  private capCheck: Promise<number> | null = null;

  constructor(
    private readonly ds: DataSource,
    secret: string,
    readonly policy: ThrottlePolicy = LOGIN_THROTTLE,
  ) {
    this.hmacKey = createHmac('sha256', secret).update('login-throttle keys').digest();
  }

  /** The keys of an attempt, in the order they are locked. */
  keys(email: string, clientAddress: string | undefined | null): ThrottleKey[] {
    const address = clientAddressKey(clientAddress);
    const hash = (text: string) => createHmac('sha256', this.hmacKey).update(text, 'utf8').digest('hex');
    const keys: ThrottleKey[] = [
      { kind: 'pair', key: hash(`pair:${email}|${address}`) },
      { kind: 'account', key: hash(`email:${email}`) },
      { kind: 'address', key: hash(`ip:${address}`) },
    ];
    return keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Refuses the attempt (LoginThrottled) or counts a failure on each of its keys, atomically. */
  async begin(email: string, clientAddress: string | undefined | null): Promise<LoginAttempt> {
    const keys = this.keys(email, clientAddress);
    for (let attempt = 1; ; attempt++) {
      let created: number;
      const runner = this.ds.createQueryRunner();
      try {
        await runner.connect();
        await runner.startTransaction();
        created = await this.lockAndCharge(runner, keys);
        await runner.commitTransaction();
      } catch (e) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        const retry = e instanceof RowsGone || RETRYABLE.has((e as { code?: string }).code ?? '');
        if (!retry || attempt >= 3) throw e instanceof RowsGone ? new Error('login throttle rows vanished three times in a row') : e;
        continue;
      } finally {
        // Before anything else takes a connection: attempts queued on the locks hold theirs.
        await runner.release();
      }
      await this.afterWrite(created);
      return { keys };
    }
  }

  /** Inside the transaction: returns how many rows it created; throws LoginThrottled to refuse (and roll back). */
  private async lockAndCharge(runner: QueryRunner, keys: ThrottleKey[]): Promise<number> {
    const list = keys.map((k) => k.key);
    // Missing rows first, in key order: a parallel attempt that needs one of them waits for this
    // transaction instead of creating its own.
    const created: unknown[] = await runner.query(
      `INSERT INTO login_throttle (key) VALUES ${list.map((_, i) => `($${i + 1})`).join(', ')} ON CONFLICT (key) DO NOTHING RETURNING key`,
      list,
    );
    const rows: Row[] = await runner.query(
      'SELECT key, failures, decayed_at, next_at, trusted_until FROM login_throttle WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE',
      [list],
    );
    // A row deleted between the two statements (expired rows are pruned concurrently): again.
    if (rows.length !== keys.length) throw new RowsGone();
    // The time after the locks were granted, not when the transaction began.
    const [{ now }]: { now: Date }[] = await runner.query('SELECT clock_timestamp() AS now');
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const state = (k: ThrottleKey): KeyState => {
      const r = byKey.get(k.key) as Row;
      return { failures: r.failures, decayedAt: r.decayed_at, nextAt: r.next_at, trustedUntil: r.trusted_until };
    };

    const pair = state(keys.find((k) => k.kind === 'pair') as ThrottleKey);
    const trusted = pair.trustedUntil !== null && pair.trustedUntil > now;
    const applies = keys.filter((k) => !trusted || k.kind === 'pair');
    const waitUntil = Math.max(0, ...applies.map((k) => state(k).nextAt?.getTime() ?? 0));
    if (waitUntil > now.getTime()) throw new LoginThrottled(Math.max(1, Math.ceil((waitUntil - now.getTime()) / 1000)));

    const next = keys.map((k) => {
      const rule = this.policy.rules[k.kind];
      const s = charged(rule, state(k), now);
      return { key: k.key, s, expires: expiresAt(rule, s) };
    });
    await runner.query(
      `UPDATE login_throttle AS t
          SET failures = v.failures, decayed_at = v.decayed_at, next_at = v.next_at, expires_at = v.expires_at, updated_at = $6
         FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[]) AS v(key, failures, decayed_at, next_at, expires_at)
        WHERE t.key = v.key`,
      [next.map((n) => n.key), next.map((n) => n.s.failures), next.map((n) => n.s.decayedAt), next.map((n) => n.s.nextAt), next.map((n) => n.expires), now],
    );
    return created.length;
  }

  /**
   * The password was right: the failure `begin` counted is taken back from the address, the
   * account starts over, and the pair is trusted. Best effort: a sign-in is not refused because
   * its bookkeeping failed.
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    const { rules, trustSeconds } = this.policy;
    try {
      await this.ds.transaction(async (m) => {
        // In key order, like `begin`, so that the two never wait on each other in a circle.
        for (const k of attempt.keys) {
          if (k.kind === 'pair') {
            await m.query(
              `INSERT INTO login_throttle AS t (key, failures, decayed_at, next_at, trusted_until, expires_at, updated_at)
               VALUES ($1, 0, now(), NULL, now() + make_interval(secs => $2), now() + make_interval(secs => $2), now())
               ON CONFLICT (key) DO UPDATE SET failures = 0, decayed_at = now(), next_at = NULL,
                 trusted_until = EXCLUDED.trusted_until, expires_at = EXCLUDED.expires_at, updated_at = now()`,
              [k.key, trustSeconds],
            );
          } else if (k.kind === 'account') {
            await m.query('DELETE FROM login_throttle WHERE key = $1', [k.key]);
          } else {
            await m.query(
              `UPDATE login_throttle SET failures = greatest(failures - 1, 0),
                 next_at = CASE WHEN failures - 1 < $2 THEN NULL ELSE next_at END, updated_at = now()
               WHERE key = $1`,
              [k.key, rules.address.burst],
            );
          }
        }
      });
    } catch (e) {
      this.logger.error(`could not record a successful sign-in: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Expired rows go with every write; every `pruneEveryRows` new rows, the table is held to its cap. */
  private async afterWrite(created: number): Promise<void> {
    try {
      await this.ds.query(
        `DELETE FROM login_throttle WHERE key IN (
           SELECT key FROM login_throttle WHERE expires_at < now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
        [this.policy.expiredPerAttempt],
      );
      this.newRows += created;
      if (this.newRows >= this.policy.pruneEveryRows) {
        this.newRows = 0;
        this.capCheck ??= this.enforceCap().finally(() => (this.capCheck = null));
        await this.capCheck;
      }
    } catch (e) {
      this.logger.error(`pruning failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Above `maxRows`, the table is cut to 90 % of it, evicting first the rows that carry the least:
   * not trusted, not making anyone wait, fewest failures, oldest.
   */
  async enforceCap(): Promise<number> {
    const [{ rows }]: { rows: number }[] = await this.ds.query('SELECT count(*)::int AS rows FROM login_throttle');
    if (rows <= this.policy.maxRows) return 0;
    const excess = rows - Math.floor(this.policy.maxRows * 0.9);
    // TypeORM answers a DELETE with [rows, count].
    const [, evicted]: [unknown, number] = await this.ds.query(
      `DELETE FROM login_throttle WHERE key IN (
         SELECT key FROM login_throttle
          ORDER BY (trusted_until > now()) IS TRUE, (next_at > now()) IS TRUE, failures, updated_at
          LIMIT $1 FOR UPDATE SKIP LOCKED)`,
      [excess],
    );
    this.logger.warn(`login_throttle had ${rows} rows (cap ${this.policy.maxRows}); evicted ${evicted}`);
    return evicted;
  }
}

class RowsGone extends Error {}
