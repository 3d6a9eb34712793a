import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The action-day schema. Integrity rules that protect people live here, not only in code:
 * composite foreign keys (operation_id, team_id) make it impossible to assign a target to a team
 * of another operation, and CHECKs keep state and outcome consistent.
 */
export class InitialSchema1763884800000 implements MigrationInterface {
  name = 'InitialSchema1763884800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        organization text,
        country char(2),
        is_admin boolean NOT NULL DEFAULT false,
        can_organize boolean NOT NULL DEFAULT false,
        disabled_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX sessions_family_idx ON sessions (family_id)`);

    await q.query(`
      CREATE TABLE login_failures (
        email text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_email_at_idx ON login_failures (email, at)`);

    await q.query(`
      CREATE TABLE operations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('hackathon', 'joint_action_day', 'mapping')),
        status text NOT NULL DEFAULT 'planning' CHECK (status IN ('planning', 'live', 'closed')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        timezone text NOT NULL,
        countries text[] NOT NULL,
        description text,
        last_seq bigint NOT NULL DEFAULT 0,
        created_by uuid REFERENCES users(id),
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);

    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        name text NOT NULL,
        country char(2),
        language text,
        focus text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (operation_id, name),
        UNIQUE (operation_id, id)
      )`);

    await q.query(`
      CREATE TABLE memberships (
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        role text NOT NULL CHECK (role IN ('organizer', 'coordinator', 'officer', 'observer')),
        team_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (operation_id, user_id),
        FOREIGN KEY (operation_id, team_id) REFERENCES teams(operation_id, id)
      )`);
    await q.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);

    await q.query(`
      CREATE TABLE targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('platform', 'url', 'username', 'phone', 'email', 'messaging', 'other')),
        value text NOT NULL,
        normalized text NOT NULL,
        normalization_failed boolean NOT NULL DEFAULT false,
        platform text,
        category text,
        country char(2),
        language text,
        tags text[] NOT NULL DEFAULT '{}',
        priority smallint NOT NULL DEFAULT 0,
        notes text,
        status text NOT NULL DEFAULT 'unassigned' CHECK (status IN ('unassigned', 'assigned', 'in_progress', 'done')),
        outcome text CHECK (outcome IN ('no_indicators', 'suspicious', 'confirmed', 'referred')),
        team_id uuid,
        team_country char(2),
        created_by uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (operation_id, normalized),
        UNIQUE (operation_id, id),
        FOREIGN KEY (operation_id, team_id) REFERENCES teams(operation_id, id),
        CHECK ((status = 'unassigned') = (team_id IS NULL)),
        CHECK ((status = 'done') = (outcome IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX targets_board_idx ON targets (operation_id, team_id, status)`);
    await q.query(`CREATE INDEX targets_page_idx ON targets (operation_id, created_at, id)`);

    await q.query(`
      CREATE TABLE findings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        client_id uuid NOT NULL,
        body_hash text NOT NULL,
        type text NOT NULL CHECK (type IN ('site_assessment', 'suspect', 'possible_victim', 'link')),
        target_id uuid,
        team_id uuid,
        team_country char(2),
        tags text[] NOT NULL DEFAULT '{}',
        author_id uuid NOT NULL REFERENCES users(id),
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'confirmed', 'rejected', 'duplicate')),
        duplicate_of uuid,
        details jsonb NOT NULL DEFAULT '{}',
        identifiers jsonb NOT NULL DEFAULT '[]',
        indicators text[] NOT NULL DEFAULT '{}',
        evidence jsonb NOT NULL DEFAULT '[]',
        notes text,
        nationality char(2),
        minor boolean NOT NULL DEFAULT false,
        reviewed_by uuid REFERENCES users(id),
        reviewed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (operation_id, client_id),
        UNIQUE (operation_id, id),
        FOREIGN KEY (operation_id, target_id) REFERENCES targets(operation_id, id),
        FOREIGN KEY (operation_id, team_id) REFERENCES teams(operation_id, id),
        FOREIGN KEY (operation_id, duplicate_of) REFERENCES findings(operation_id, id),
        CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL)),
        CHECK (duplicate_of IS DISTINCT FROM id)
      )`);
    await q.query(`CREATE INDEX findings_page_idx ON findings (operation_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX findings_target_idx ON findings (operation_id, target_id)`);

    // The operation event log: gapless seq per operation, taken from operations.last_seq in the
    // writing transaction. "restricted" holds the unredacted payload of events that carry personal
    // details of possible victims; "payload" is what every member may read.
    await q.query(`
      CREATE TABLE events (
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        restricted jsonb,
        restricted_team_id uuid,
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (operation_id, seq)
      )`);

    await q.query(`
      CREATE TABLE tally_counters (
        operation_id uuid NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
        dim text NOT NULL,
        key text NOT NULL,
        metric text NOT NULL,
        sub text NOT NULL,
        value bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (operation_id, dim, key, metric, sub)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'tally_counters',
      'events',
      'findings',
      'targets',
      'memberships',
      'teams',
      'operations',
      'login_failures',
      'sessions',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
