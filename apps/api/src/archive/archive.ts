import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { verifyAuditChain } from '../audit/audit.service';
import { canonicalJson } from '../common/canonical-json';

/**
 * One closed operation as one file, to hand a day's records to another instance (the lead
 * investigating country) before retention purges them: every row of the operation, its event
 * log, its audit chain, its snapshot and the snapshot's hash, and the accounts its rows name
 * (without their passwords). gzip-compressed JSON lines:
 *
 *   {"format":"actionday-archive","version":1,"schema":<last migration>,"operationId":..,...}
 *   {"table":"targets","rows":[...]}            (as many lines per table as it takes)
 *   {"end":true,"counts":{table: rows},"sha256":<hex of every line before this one>}
 *
 * Rows travel as PostgreSQL writes them (row_to_json) and come back with json_populate_recordset:
 * no column is handled by hand, and the import refuses an archive of another schema.
 */
export const ARCHIVE_FORMAT = 'actionday-archive';
export const ARCHIVE_VERSION = 1;

/** The operation's tables, each after the ones it references (the order of the import). */
const TABLES = [
  'operations',
  'teams',
  'memberships',
  'indicators',
  'targets',
  'findings',
  'identifiers',
  'matches',
  'tally_counters',
  'events',
  'audit_log',
  'operation_snapshots',
  'publications',
  'victim_figure_releases',
] as const;
type Table = (typeof TABLES)[number];

/** Rows per line: a line is parsed and inserted at once, so a large operation never sits in memory whole. */
const ROWS_PER_LINE = 1000;

/** The order rows are read in, so that an archive of the same operation is the same file's content. */
const ORDER: Record<Table, string> = {
  operations: 'id',
  teams: 'id',
  memberships: 'user_id',
  indicators: 'code',
  targets: 'created_at, id',
  findings: 'created_at, id',
  // The index's own ids are not kept (they are the database's, not the operation's); its order is.
  identifiers: 'id',
  matches: 'created_at, id',
  tally_counters: 'dim, key, metric, sub',
  events: 'seq',
  audit_log: 'seq',
  operation_snapshots: 'operation_id',
  publications: 'created_at, id',
  victim_figure_releases: 'operation_id',
};

/** The columns that reference an account, per table: those accounts travel with the archive. */
const ACCOUNT_COLUMNS: [Table, string][] = [
  ['operations', 'created_by'],
  ['memberships', 'user_id'],
  ['targets', 'created_by'],
  ['findings', 'author_id'],
  ['findings', 'reviewed_by'],
  ['indicators', 'created_by'],
  ['publications', 'created_by'],
  ['events', 'actor_id'],
  ['audit_log', 'actor_id'],
];

/** Why an archive is refused, in words for the person who runs the import. */
export class ArchiveRefused extends Error {}

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  schema: string;
  operationId: string;
  operationName: string;
  exportedAt: string;
}

interface ArchiveTrailer {
  end: true;
  counts: Record<string, number>;
  sha256: string;
}

export interface ArchiveSummary {
  operationId: string;
  operationName: string;
  counts: Record<string, number>;
  sha256: string;
}

type Queryable = Pick<EntityManager, 'query'>;

async function schemaOf(db: Queryable): Promise<string> {
  const rows: { name: string }[] = await db.query('SELECT name FROM schema_migrations ORDER BY timestamp DESC, id DESC LIMIT 1');
  return rows[0]?.name ?? 'none';
}

/** Lines of JSON into `out` (gzipped), with the running SHA-256 the trailer states. */
class LineWriter {
  private readonly hash = createHash('sha256');
  private readonly gzip = createGzip();
  readonly done: Promise<void>;

  constructor(out: Writable) {
    this.done = pipeline(this.gzip, out);
  }

  async line(value: unknown): Promise<void> {
    const text = `${JSON.stringify(value)}\n`;
    this.hash.update(text);
    if (!this.gzip.write(text)) await new Promise((r) => this.gzip.once('drain', r));
  }

  async end(trailer: Record<string, unknown>): Promise<string> {
    const sha256 = this.hash.digest('hex');
    this.gzip.end(`${JSON.stringify({ ...trailer, sha256 })}\n`);
    await this.done;
    return sha256;
  }
}

/**
 * Writes the archive of a closed operation to `out`, read in one snapshot of the database (a
 * REPEATABLE READ transaction), table by table through cursors.
 */
export async function writeArchive(ds: DataSource, operationId: string, out: Writable): Promise<ArchiveSummary> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    const ops: { name: string; status: string }[] = await runner.query('SELECT name, status FROM operations WHERE id = $1', [operationId]);
    if (!ops[0]) throw new ArchiveRefused(`no operation ${operationId} in this database`);
    if (ops[0].status !== 'closed') throw new ArchiveRefused(`"${ops[0].name}" is ${ops[0].status}: only a closed operation is archived (its records no longer change); close it first`);
    const writer = new LineWriter(out);
    const header: ArchiveHeader = { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, schema: await schemaOf(runner), operationId, operationName: ops[0].name, exportedAt: new Date().toISOString() };
    await writer.line(header);

    const counts: Record<string, number> = {};
    // The accounts first: the rows after them name them. Names and countries only, never a password.
    const accountIds = ACCOUNT_COLUMNS.map(([table, column]) => `SELECT ${column} AS id FROM ${table} WHERE ${scope(table)} = $1`).join(' UNION ');
    counts.users = await copyRows(
      runner,
      writer,
      'users',
      `SELECT json_build_object('id', u.id, 'email', u.email, 'display_name', u.display_name, 'organization', u.organization, 'country', u.country, 'created_at', u.created_at)
         FROM users u WHERE u.id IN (${accountIds}) ORDER BY u.id`,
      [operationId],
    );
    for (const table of TABLES) {
      counts[table] = await copyRows(runner, writer, table, `SELECT row_to_json(t) FROM ${table} t WHERE ${scope(table)} = $1 ORDER BY ${ORDER[table]}`, [operationId]);
    }
    const sha256 = await writer.end({ end: true, counts });
    await runner.commitTransaction();
    return { operationId, operationName: ops[0].name, counts, sha256 };
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}

const scope = (table: Table) => (table === 'operations' ? 'id' : 'operation_id');

async function copyRows(runner: QueryRunner, writer: LineWriter, table: string, sql: string, params: unknown[]): Promise<number> {
  await runner.query(`DECLARE archive_rows NO SCROLL CURSOR FOR ${sql}`, params);
  let n = 0;
  try {
    for (;;) {
      const rows: Record<string, unknown>[] = await runner.query(`FETCH ${ROWS_PER_LINE} FROM archive_rows`);
      if (!rows.length) return n;
      n += rows.length;
      await writer.line({ table, rows: rows.map((r) => Object.values(r)[0]) });
    }
  } finally {
    await runner.query('CLOSE archive_rows');
  }
}

export interface ImportSummary extends ArchiveSummary {
  /** Accounts named by the archive that this instance did not have: created disabled, without a password. */
  accountsCreated: number;
  /** Of those, the ones whose e-mail address was taken here by another account: kept under a marked address. */
  accountsRenamed: number;
}

/**
 * Loads an archive into this database, as its owner, in one transaction: the rows as they were
 * (the audit chain and the close snapshot's head are not recomputed), then the checks, before
 * anything is kept: the file complete and unchanged (its trailer's SHA-256), the audit chain
 * intact up to the head recorded at close, the snapshot's hash. An archive that fails one is
 * refused and leaves nothing behind. `organizer`: an account of this instance (by e-mail) that
 * becomes organizer of the imported operation, so that someone here can open it.
 */
export async function readArchive(ds: DataSource, input: Readable, options: { organizer?: string } = {}): Promise<ImportSummary> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const organizer = options.organizer ? await localAccount(runner, options.organizer) : null;
    const hash = createHash('sha256');
    const unzipped = createGunzip();
    // pipeline, not pipe: a read error or a damaged gzip stream ends the lines with that error.
    void pipeline(input, unzipped).catch(() => undefined);
    const lines = createInterface({ input: unzipped, crlfDelay: Infinity });
    let header: ArchiveHeader | null = null;
    let trailer: ArchiveTrailer | null = null;
    const counts: Record<string, number> = {};
    const sources: { id: string; source: string }[] = [];
    let accountsCreated = 0;
    let accountsRenamed = 0;
    try {
      for await (const text of lines) {
        if (trailer) throw new ArchiveRefused('the file goes on after its end: it is damaged');
        let value: Record<string, unknown>;
        try {
          value = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new ArchiveRefused(`line ${Object.values(counts).length + 2} is not JSON: the file is damaged`);
        }
        if (value.end === true) {
          trailer = value as unknown as ArchiveTrailer;
          continue;
        }
        hash.update(`${text}\n`);
        if (!header) {
          header = await checkHeader(runner, value);
          // The database numbers and chains audit entries, and records the chain's head in a
          // close snapshot: here both are kept as they were, and checked below instead.
          await runner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain');
          await runner.query('ALTER TABLE operation_snapshots DISABLE TRIGGER operation_snapshots_audit_head');
          continue;
        }
        const { table, rows } = value as { table: string; rows: Record<string, unknown>[] };
        if (table !== 'users' && !(TABLES as readonly string[]).includes(table)) throw new ArchiveRefused(`the file holds rows of "${table}", which an archive does not have`);
        if (!Array.isArray(rows)) throw new ArchiveRefused('the file is damaged (a line of rows without rows)');
        counts[table] = (counts[table] ?? 0) + rows.length;
        if (table === 'users') {
          const made = await insertAccounts(runner, rows);
          accountsCreated += made.created;
          accountsRenamed += made.renamed;
          continue;
        }
        const operationId = header.operationId;
        if (rows.some((r) => (table === 'operations' ? r.id : r.operation_id) !== operationId)) {
          throw new ArchiveRefused(`the file holds ${table} of another operation than ${operationId}`);
        }
        if (table === 'targets') {
          // A target made from a finding names it; the findings come later. Linked once all are in.
          for (const r of rows) if (r.source_finding_id) sources.push({ id: String(r.id), source: String(r.source_finding_id) });
          await insertRows(runner, table, rows.map((r) => ({ ...r, source_finding_id: null })));
        } else {
          await insertRows(runner, table, rows);
        }
      }
    } catch (e) {
      if (e instanceof ArchiveRefused) throw e;
      const code = (e as { code?: string }).code;
      if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_INVALID_ARG_TYPE') throw new ArchiveRefused('the file is not an archive (not gzip, or cut short)');
      throw e;
    }
    if (!header) throw new ArchiveRefused('the file is empty');
    if (!trailer) throw new ArchiveRefused('the file ends before its end: it was cut short');
    const sha256 = hash.digest('hex');
    if (sha256 !== trailer.sha256) throw new ArchiveRefused('the file was changed after it was written (its SHA-256 does not match its end)');
    if (sources.length) {
      await runner.query(`UPDATE targets t SET source_finding_id = s.source FROM unnest($1::uuid[], $2::uuid[]) AS s(id, source) WHERE t.id = s.id`, [
        sources.map((s) => s.id),
        sources.map((s) => s.source),
      ]);
    }
    for (const [table, n] of Object.entries(trailer.counts)) {
      if ((counts[table] ?? 0) !== n) throw new ArchiveRefused(`the file says ${n} rows of ${table} and holds ${counts[table] ?? 0}`);
    }
    await runner.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain');
    await runner.query('ALTER TABLE operation_snapshots ENABLE TRIGGER operation_snapshots_audit_head');
    await checkRecords(runner, header.operationId);

    if (organizer) {
      await runner.query(`INSERT INTO memberships (operation_id, user_id, role) VALUES ($1, $2, 'organizer') ON CONFLICT (operation_id, user_id) DO UPDATE SET role = 'organizer'`, [header.operationId, organizer]);
    }
    // The import itself, at the end of the operation's chain (the trigger numbers and chains it).
    await runner.query(`INSERT INTO audit_log (operation_id, actor_id, action, entity_type, entity_id, details) VALUES ($1::uuid, $2, 'archive.import', 'operation', $1::text, $3)`, [
      header.operationId,
      organizer,
      canonicalJson({ archiveSha256: sha256, exportedAt: header.exportedAt, counts, accountsCreated, accountsRenamed, organizer }),
    ]);
    await runner.commitTransaction();
    return { operationId: header.operationId, operationName: header.operationName, counts, sha256, accountsCreated, accountsRenamed };
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}

async function checkHeader(db: Queryable, value: Record<string, unknown>): Promise<ArchiveHeader> {
  if (value.format !== ARCHIVE_FORMAT) throw new ArchiveRefused('the file is not an actionday archive');
  if (value.version !== ARCHIVE_VERSION) throw new ArchiveRefused(`the archive is of version ${String(value.version)}; this instance reads version ${ARCHIVE_VERSION}`);
  const header = value as unknown as ArchiveHeader;
  const schema = await schemaOf(db);
  if (header.schema !== schema) {
    throw new ArchiveRefused(`the archive was written by a platform at migration ${header.schema}, this instance is at ${schema}: bring both to the same release, then export again or import`);
  }
  const exists: unknown[] = await db.query('SELECT 1 FROM operations WHERE id = $1', [header.operationId]);
  if (exists.length) throw new ArchiveRefused(`operation ${header.operationId} ("${header.operationName}") is already in this database`);
  return header;
}

async function localAccount(db: Queryable, email: string): Promise<string> {
  const rows: { id: string }[] = await db.query('SELECT id FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL', [email]);
  if (!rows[0]) throw new ArchiveRefused(`there is no enabled account ${email} on this instance to make organizer of the imported operation`);
  return rows[0].id;
}

/** Columns of `table` the rows are written into (the identifier index's own ids are the database's). */
async function columnsOf(db: Queryable, table: string): Promise<string[]> {
  const rows: { column_name: string }[] = await db.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name).filter((c) => !(table === 'identifiers' && c === 'id'));
}

async function insertRows(db: Queryable, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const columns = (await columnsOf(db, table)).map((c) => `"${c}"`).join(', ');
  await db.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(rows)]);
}

/**
 * The archive's accounts: kept as they are when this instance has them already (same id), else
 * created disabled and without a password (nobody signs in as them here); an e-mail address taken
 * by another account here gets a mark, so that both stay.
 */
async function insertAccounts(db: Queryable, rows: Record<string, unknown>[]): Promise<{ created: number; renamed: number }> {
  const result: { created: string; renamed: string }[] = await db.query(
    `WITH a AS (
       SELECT r.* FROM json_to_recordset($1::json) AS r(id uuid, email text, display_name text, organization text, country char(2), created_at timestamptz)
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.id)
     ),
     made AS (
       INSERT INTO users (id, email, display_name, password_hash, organization, country, disabled_at, created_at)
       SELECT a.id,
              CASE WHEN EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = lower(a.email))
                   THEN regexp_replace(a.email, '@', '+archived-' || left(a.id::text, 8) || '@') ELSE a.email END,
              a.display_name, '!archived: no password on this instance', a.organization, a.country, now(), a.created_at
         FROM a
       RETURNING email
     )
     SELECT count(*) AS created, count(*) FILTER (WHERE email LIKE '%+archived-%') AS renamed FROM made`,
    [JSON.stringify(rows)],
  );
  return { created: Number(result[0].created), renamed: Number(result[0].renamed) };
}

/** The checks an imported operation must pass before it is kept. */
async function checkRecords(db: Queryable, operationId: string): Promise<void> {
  const chain = await verifyAuditChain(db, operationId);
  if (!chain.ok) throw new ArchiveRefused(`its audit chain does not verify: entry ${chain.firstInvalid?.seq}: ${chain.firstInvalid?.reason}`);
  const snapshots: { body: string; sha256: string; limited_body: string | null; limited_sha256: string | null }[] = await db.query(
    'SELECT body, sha256, limited_body, limited_sha256 FROM operation_snapshots WHERE operation_id = $1',
    [operationId],
  );
  const snapshot = snapshots[0];
  if (!snapshot) throw new ArchiveRefused('it has no close snapshot');
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  if (sha(snapshot.body) !== snapshot.sha256) throw new ArchiveRefused('its close snapshot does not match the snapshot\'s hash');
  if (snapshot.limited_body !== null && sha(snapshot.limited_body) !== snapshot.limited_sha256) throw new ArchiveRefused('its limited snapshot does not match its hash');
  // The snapshot's hash is in the chain: the close entry names it (unless retention erased the details).
  const close: { details: string | null }[] = await db.query(
    `SELECT details FROM audit_log WHERE operation_id = $1 AND action = 'operation.close' ORDER BY seq DESC LIMIT 1`,
    [operationId],
  );
  const named = close[0]?.details ? (JSON.parse(close[0].details) as { snapshotSha256?: string }).snapshotSha256 : undefined;
  if (named !== undefined && named !== snapshot.sha256) throw new ArchiveRefused('its close snapshot is not the one the audit chain recorded at close');
}
