import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * End of day: counters by target category, the figures recomputed from raw rows (the reference
 * the incremental counters are tested and benchmarked against), the hash-chained audit log, the
 * frozen snapshot taken at close, publications, and the retention mark.
 *
 * Self-contained SQL: a migration must keep its meaning when application code changes later.
 */
export class EndOfDay1764144000000 implements MigrationInterface {
  name = 'EndOfDay1764144000000';

  async up(q: QueryRunner): Promise<void> {
    // The category of a finding's target when it was logged, like its tags: what was added to a
    // counter once can then be subtracted exactly, whatever happens to the target later.
    await q.query(`ALTER TABLE findings ADD COLUMN category text`);
    await q.query(`
      UPDATE findings f SET category = t.category
        FROM targets t WHERE t.id = f.target_id AND t.category IS NOT NULL`);
    await q.query(`ALTER TABLE operations ADD COLUMN purged_at timestamptz`);

    await q.query(TALLIES_FROM_ROWS);
    await q.query(`
      INSERT INTO tally_counters (operation_id, dim, key, metric, sub, value)
      SELECT o.id, r.dim, r.key, r.metric, r.sub, r.value
        FROM operations o, tally_counters_from_rows(o.id) r
       WHERE r.dim = 'category'`);

    await this.auditLog(q);
    await this.frozenRecords(q);
  }

  private async auditLog(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        operation_id uuid NOT NULL REFERENCES operations(id),
        seq bigint NOT NULL,
        at timestamptz NOT NULL,
        actor_id uuid,
        action text NOT NULL CHECK (action ~ '^[a-z_.]+$'),
        entity_type text NOT NULL CHECK (entity_type ~ '^[a-z_]+$'),
        entity_id text CHECK (entity_id !~ '[\\n\\r]'),
        details text,
        details_sha256 text,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (operation_id, seq)
      )`);

    // The database, not the application, numbers and chains the entries, under a lock on the
    // operation row: whatever inserts an entry cannot choose its place or its hash. The lock is
    // FOR NO KEY UPDATE so that inserts elsewhere (foreign-key checks take KEY SHARE) go on.
    await q.query(`
      CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
      BEGIN
        PERFORM 1 FROM operations WHERE id = NEW.operation_id FOR NO KEY UPDATE;
        SELECT seq, hash INTO last_seq, last_hash
          FROM audit_log WHERE operation_id = NEW.operation_id ORDER BY seq DESC LIMIT 1;
        NEW.seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := coalesce(last_hash, repeat('0', 64));
        NEW.at := clock_timestamp();
        NEW.details_sha256 := CASE WHEN NEW.details IS NULL THEN NULL
                                   ELSE encode(sha256(convert_to(NEW.details, 'UTF8')), 'hex') END;
        NEW.hash := encode(sha256(convert_to(concat_ws(E'\\n',
          NEW.prev_hash, NEW.seq::text, audit_time(NEW.at), coalesce(NEW.actor_id::text, ''), NEW.action,
          NEW.entity_type, coalesce(NEW.entity_id, ''), coalesce(NEW.details_sha256, '')), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
      $$`);
    await q.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`);

    // Append-only. The one change allowed is retention erasing the details of a purged
    // operation, which leaves the chain intact: details_sha256 keeps what they were.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.details IS NOT NULL AND NEW.details IS NULL
           AND (NEW.operation_id, NEW.seq, NEW.at, NEW.actor_id, NEW.action, NEW.entity_type, NEW.entity_id,
                NEW.details_sha256, NEW.prev_hash, NEW.hash)
               IS NOT DISTINCT FROM
               (OLD.operation_id, OLD.seq, OLD.at, OLD.actor_id, OLD.action, OLD.entity_type, OLD.entity_id,
                OLD.details_sha256, OLD.prev_hash, OLD.hash)
           AND EXISTS (SELECT 1 FROM operations WHERE id = OLD.operation_id AND purged_at IS NOT NULL) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log EXECUTE FUNCTION refuse_truncate()`);
    // Belt and braces for deployments where the application connects as a role other than the
    // owner: it may read and append, nothing else.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`);
  }

  private async frozenRecords(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`);

    // The tallies at close, as canonical JSON text: the SHA-256 is of exactly these bytes.
    await q.query(`
      CREATE TABLE operation_snapshots (
        operation_id uuid PRIMARY KEY REFERENCES operations(id),
        as_of_seq bigint NOT NULL,
        body text NOT NULL,
        sha256 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE publications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operation_id uuid NOT NULL REFERENCES operations(id),
        slug text NOT NULL UNIQUE,
        body text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX publications_operation_idx ON publications (operation_id, created_at)`);
    for (const table of ['operation_snapshots', 'publications']) {
      await q.query(`CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} EXECUTE FUNCTION refuse_truncate()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE publications, operation_snapshots, audit_log`);
    await q.query(`DROP FUNCTION refuse_change(), refuse_truncate(), audit_log_append_only(), audit_log_chain(), audit_time(timestamptz)`);
    await q.query(`DELETE FROM tally_counters WHERE dim = 'category'`);
    await q.query(`DROP FUNCTION tally_counters_from_rows(uuid)`);
    await q.query(`ALTER TABLE operations DROP COLUMN purged_at`);
    await q.query(`ALTER TABLE findings DROP COLUMN category`);
  }
}

/**
 * Every tally counter of an operation computed from its targets and findings with GROUP BY, by
 * the definitions of PRODUCT.md. The application keeps the same counters incrementally (see
 * libs/tallies); this is the reference they must equal, and the slow path they are measured
 * against.
 */
const TALLIES_FROM_ROWS = `
CREATE FUNCTION tally_counters_from_rows(op uuid)
RETURNS TABLE (dim text, key text, metric text, sub text, value bigint)
LANGUAGE sql STABLE AS $$
  WITH t AS (
    SELECT id, kind, status, outcome, team_id, team_country, category, tags FROM targets WHERE operation_id = op
  ), f AS (
    SELECT id, type, nationality, minor, indicators, created_at, team_id, team_country, category, tags
      FROM findings WHERE operation_id = op AND status IN ('submitted', 'confirmed')
  ), placed AS (
    -- Targets and findings count in the same dimensions: the whole operation, their team, the
    -- team's country, their (target's) category and each of their (target's) tags.
    SELECT id, team_id, team_country, category, tags FROM t
    UNION ALL
    SELECT id, team_id, team_country, category, tags FROM f
  ), dims AS (
    SELECT p.id, d.dim, d.key
      FROM placed p CROSS JOIN LATERAL (VALUES
        ('all', ''),
        ('team', p.team_id::text),
        ('country', p.team_country::text),
        ('category', coalesce(p.category, 'uncategorized'))) AS d(dim, key)
     WHERE d.key IS NOT NULL
    UNION ALL
    SELECT p.id, 'tag', tag FROM placed p CROSS JOIN LATERAL (SELECT DISTINCT unnest(p.tags) AS tag) g
  ), figures AS (
    SELECT t.id, x.metric, x.sub
      FROM t CROSS JOIN LATERAL (VALUES
        ('targets_state', t.status),
        (CASE WHEN t.status = 'done' THEN CASE
           WHEN t.kind IN ('platform', 'url') THEN 'examined_platforms'
           WHEN t.kind = 'username' THEN 'examined_usernames'
           WHEN t.kind IN ('phone', 'email', 'messaging') THEN 'examined_communications' END END, ''),
        (CASE WHEN t.status = 'done' AND t.kind IN ('platform', 'url') AND t.outcome IN ('suspicious', 'confirmed')
              THEN 'platforms_suspected' END, ''),
        (CASE WHEN t.status = 'done' AND t.kind IN ('platform', 'url') AND t.outcome = 'confirmed'
              THEN 'platforms_confirmed' END, ''),
        (CASE WHEN t.status = 'done' AND t.kind IN ('platform', 'url') AND t.outcome = 'referred'
              THEN 'platforms_referred' END, '')) AS x(metric, sub)
     WHERE x.metric IS NOT NULL
    UNION ALL
    SELECT f.id, x.metric, x.sub
      FROM f CROSS JOIN LATERAL (VALUES
        (CASE WHEN f.type = 'suspect' THEN 'suspects' END, ''),
        (CASE WHEN f.type = 'possible_victim' THEN 'victims_total' END, ''),
        (CASE WHEN f.type = 'possible_victim' THEN 'victims_nationality' END, coalesce(f.nationality::text, 'unknown')),
        (CASE WHEN f.type = 'possible_victim' AND f.minor THEN 'victims_minors' END, '')) AS x(metric, sub)
     WHERE x.metric IS NOT NULL
  )
  SELECT d.dim, d.key, x.metric, x.sub, count(*) FROM figures x JOIN dims d USING (id) GROUP BY 1, 2, 3, 4
  UNION ALL
  -- Kept for the whole operation only.
  SELECT 'all', '', 'findings_hour', to_char(date_trunc('hour', f.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24":00:00.000Z"'), count(*)
    FROM f GROUP BY 4
  UNION ALL
  SELECT 'all', '', 'indicator', i.code, count(*)
    FROM f CROSS JOIN LATERAL (SELECT DISTINCT unnest(f.indicators) AS code) i GROUP BY 4
$$`;
