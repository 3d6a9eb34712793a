import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audit log the application cannot rewrite.
 *
 * - The API runs as a member of the NOLOGIN group role `actionday_runtime`, which owns nothing:
 *   it cannot alter, drop, truncate or disable the triggers of any table, and has no UPDATE or
 *   DELETE on the append-only tables, except UPDATE of audit_log.details (retention erasing the
 *   details of a purged operation, which the trigger still checks). Migrations run as the owner.
 * - Every new audit entry hashes its operation id too (hash_version 2), so an entry copied into
 *   another operation's chain no longer verifies; entries written before keep version 1.
 * - The close snapshot records the chain head (last seq and hash) at that moment, so a log cut
 *   short after the close is detected.
 *
 * Grants, for this migration and every later one: ordinary tables get SELECT, INSERT, UPDATE,
 * DELETE (the default privileges below give them to tables created later by the same owner);
 * append-only tables, those guarded by refuse_change() or audit_log_append_only(), get SELECT and
 * INSERT only, so a migration that adds one must REVOKE UPDATE, DELETE on it (the privileges
 * test fails otherwise); sequences USAGE and SELECT; functions EXECUTE; nothing else, ever.
 *
 * Self-contained SQL: a migration must keep its meaning when application code changes later.
 */
export class AuditHardening1764403200000 implements MigrationInterface {
  name = 'AuditHardening1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await this.runtimeRole(q);
    await this.hashOperationId(q);
    await this.chainHeadAtClose(q);
    await this.grants(q);
  }

  /**
   * Roles belong to the cluster, not to the database: another database of the same cluster, or
   * another process migrating at the same instant, may create it first.
   */
  private async runtimeRole(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'actionday_runtime') THEN
          BEGIN
            CREATE ROLE actionday_runtime NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN
              RAISE EXCEPTION 'the role actionday_runtime does not exist and % may not create roles; as a superuser run: CREATE ROLE actionday_runtime NOLOGIN; then start again', current_user
                USING ERRCODE = 'insufficient_privilege';
          END;
        END IF;
      END $$`);
  }

  private async hashOperationId(q: QueryRunner): Promise<void> {
    // Existing rows keep version 1 (a constant default is stored once, not written to each row).
    await q.query(`ALTER TABLE audit_log ADD COLUMN hash_version smallint NOT NULL DEFAULT 1 CHECK (hash_version IN (1, 2))`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN hash_version SET DEFAULT 2`);
    // Same chain as before, plus the operation id first and the version set by the database. The
    // search_path is fixed, with pg_temp last, so that a temporary table of the caller's session
    // cannot stand in for audit_log or operations inside the trigger.
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql
      SET search_path = pg_catalog, public, pg_temp AS $$
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
        NEW.hash_version := 2;
        NEW.details_sha256 := CASE WHEN NEW.details IS NULL THEN NULL
                                   ELSE encode(sha256(convert_to(NEW.details, 'UTF8')), 'hex') END;
        NEW.hash := encode(sha256(convert_to(concat_ws(E'\\n',
          NEW.operation_id::text, NEW.prev_hash, NEW.seq::text, audit_time(NEW.at), coalesce(NEW.actor_id::text, ''), NEW.action,
          NEW.entity_type, coalesce(NEW.entity_id, ''), coalesce(NEW.details_sha256, '')), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql
      SET search_path = pg_catalog, public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.details IS NOT NULL AND NEW.details IS NULL
           AND (NEW.operation_id, NEW.seq, NEW.at, NEW.actor_id, NEW.action, NEW.entity_type, NEW.entity_id,
                NEW.details_sha256, NEW.hash_version, NEW.prev_hash, NEW.hash)
               IS NOT DISTINCT FROM
               (OLD.operation_id, OLD.seq, OLD.at, OLD.actor_id, OLD.action, OLD.entity_type, OLD.entity_id,
                OLD.details_sha256, OLD.hash_version, OLD.prev_hash, OLD.hash)
           AND EXISTS (SELECT 1 FROM operations WHERE id = OLD.operation_id AND purged_at IS NOT NULL) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }

  /**
   * The snapshot is inserted inside the closing transaction, which holds the operation row; the
   * close entry is appended right after it in the same transaction. The database, not the
   * application, fills in the head, whatever the INSERT says.
   */
  private async chainHeadAtClose(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE operation_snapshots ADD COLUMN audit_seq bigint, ADD COLUMN audit_hash text`);
    await q.query(`
      CREATE FUNCTION operation_snapshot_audit_head() RETURNS trigger LANGUAGE plpgsql
      SET search_path = pg_catalog, public, pg_temp AS $$
      DECLARE
        head_seq bigint;
        head_hash text;
      BEGIN
        -- The lock the audit trigger takes: no entry can be appended between this and COMMIT
        -- by anyone but this transaction.
        PERFORM 1 FROM operations WHERE id = NEW.operation_id FOR NO KEY UPDATE;
        SELECT seq, hash INTO head_seq, head_hash
          FROM audit_log WHERE operation_id = NEW.operation_id ORDER BY seq DESC LIMIT 1;
        NEW.audit_seq := coalesce(head_seq, 0);
        NEW.audit_hash := coalesce(head_hash, repeat('0', 64));
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER operation_snapshots_audit_head BEFORE INSERT ON operation_snapshots FOR EACH ROW EXECUTE FUNCTION operation_snapshot_audit_head()`,
    );
  }

  private async grants(q: QueryRunner): Promise<void> {
    // PostgreSQL before 15 lets every role create objects in public; the runtime must not. Only
    // the owner of the schema may change that: from anyone else it is a notice, not a failure
    // (USAGE on public is PUBLIC's anyway).
    await q.query(`
      DO $$
      BEGIN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public TO actionday_runtime;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'schema public belongs to another role: revoke CREATE on it from PUBLIC as its owner';
      END $$`);
    await q.query(`
      DO $$
      DECLARE
        t record;
      BEGIN
        FOR t IN
          SELECT c.oid::regclass AS name, c.relkind,
                 c.relname = 'schema_migrations' AS bookkeeping,
                 c.relname IN ('audit_log', 'operation_snapshots', 'publications') OR EXISTS (
                   SELECT 1 FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
                    WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal
                      AND p.proname IN ('refuse_change', 'audit_log_append_only')) AS append_only
            FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        LOOP
          EXECUTE format('REVOKE ALL ON %s FROM actionday_runtime', t.name);
          IF t.bookkeeping OR t.relkind IN ('v', 'm') THEN
            EXECUTE format('GRANT SELECT ON %s TO actionday_runtime', t.name);
          ELSIF t.append_only THEN
            EXECUTE format('GRANT SELECT, INSERT ON %s TO actionday_runtime', t.name);
          ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO actionday_runtime', t.name);
          END IF;
        END LOOP;
      END $$`);
    // Retention erases the details of a purged operation; the trigger refuses anything else.
    await q.query(`GRANT UPDATE (details) ON audit_log TO actionday_runtime`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO actionday_runtime`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO actionday_runtime`);

    // Tables, sequences and functions that later migrations create (as this same owner).
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO actionday_runtime`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO actionday_runtime`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO actionday_runtime`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM actionday_runtime`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM actionday_runtime`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM actionday_runtime`);
    await q.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM actionday_runtime`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM actionday_runtime`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM actionday_runtime`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM actionday_runtime`);
    // The role stays: it belongs to the cluster, and other databases may use it.

    await q.query(`DROP TRIGGER operation_snapshots_audit_head ON operation_snapshots`);
    await q.query(`DROP FUNCTION operation_snapshot_audit_head()`);
    await q.query(`ALTER TABLE operation_snapshots DROP COLUMN audit_seq, DROP COLUMN audit_hash`);

    // Back to the version-1 chain. Entries written with version 2 will no longer verify.
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`ALTER FUNCTION audit_log_chain() RESET search_path`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`ALTER FUNCTION audit_log_append_only() RESET search_path`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN hash_version`);
  }
}
