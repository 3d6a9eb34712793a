import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operation-scoped API keys for automated tools. A coordinator makes one for a team of the
 * operation; the tool then acts as an officer of that team there, and nowhere else. Only the
 * SHA-256 of the secret is kept (32 random bytes: a slow password hash adds nothing to a secret
 * that cannot be guessed); the first characters are kept apart, to recognise a key in the list.
 *
 * Each key acts as an account of its own (`user_id`): a `users` row made with the key, disabled
 * and without a password (no one signs in as it), so that the author of its findings, the actor
 * of its events and of its audit entries name the key, not the coordinator who made it.
 *
 * An ordinary table: the runtime role gets SELECT, INSERT, UPDATE, DELETE on it from the default
 * privileges of 1764403200000-audit-hardening.
 */
export class ApiKeys1764748800000 implements MigrationInterface {
  name = 'ApiKeys1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        team_id uuid NOT NULL,
        user_id uuid NOT NULL UNIQUE REFERENCES users(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        prefix text NOT NULL CHECK (prefix ~ '^adk_[A-Za-z0-9_-]{8}$'),
        secret_sha256 bytea NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_used_at timestamptz(3),
        expires_at timestamptz(3),
        revoked_at timestamptz(3),
        revoked_by uuid REFERENCES users(id),
        FOREIGN KEY (operation_id, team_id) REFERENCES teams(operation_id, id),
        CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await q.query(`CREATE INDEX api_keys_operation_idx ON api_keys (operation_id, created_at)`);
    await q.query(`COMMENT ON TABLE api_keys IS 'API keys of automated tools: each acts as an officer of team_id in operation_id, as the account user_id'`);
    await q.query(`COMMENT ON COLUMN api_keys.secret_sha256 IS 'SHA-256 of the secret (adk_ and 32 random bytes, base64url); the secret itself is never stored'`);
    await q.query(`COMMENT ON COLUMN api_keys.last_used_at IS 'the last use, written at most about once a minute per key'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The keys' accounts stay: findings, events and audit entries name them, and they are
    // disabled and have no password.
    await q.query(`DROP TABLE api_keys`);
  }
}
