import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling per account and per client address. `login_failures` counted failures per
 * e-mail only, count-then-insert (parallel attempts all saw the same count), locked anyone's
 * account out for 15 minutes after 10 failures from anywhere, and grew by one row per failed
 * attempt of anyone. `login_throttle` keeps one row per key, a keyed hash (HMAC-SHA-256 with a
 * secret derived from JWT_SECRET) of `email:<address>`, `ip:<client address>` or
 * `pair:<email>|<ip>`, so the table reveals neither e-mail addresses nor client addresses.
 * Attempts lock their rows (SELECT ... FOR UPDATE) in key order; apps/api/src/auth/login-throttle.ts
 * has the rules.
 */
export class LoginThrottle1764316800000 implements MigrationInterface {
  name = 'LoginThrottle1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY CHECK (key ~ '^[0-9a-f]{64}$'),
        failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
        decayed_at timestamptz NOT NULL DEFAULT now(),
        next_at timestamptz,
        trusted_until timestamptz,
        expires_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_throttle_expires_at_idx ON login_throttle (expires_at)`);
    await q.query(`COMMENT ON TABLE login_throttle IS 'Sign-in throttling: one row per hashed key (account, client address, or both); deleted once expires_at has passed'`);
    await q.query(`COMMENT ON COLUMN login_throttle.failures IS 'failures still counted as of decayed_at; one leaks away per interval of the key''s kind'`);
    await q.query(`COMMENT ON COLUMN login_throttle.next_at IS 'attempts before this instant are refused with 429'`);
    await q.query(`COMMENT ON COLUMN login_throttle.trusted_until IS 'pair keys: this e-mail signed in from this address; only the pair key applies until then'`);
    await q.query(`DROP TABLE login_failures`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_failures (
        email text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_email_at_idx ON login_failures (email, at)`);
    await q.query(`DROP TABLE login_throttle`);
  }
}
