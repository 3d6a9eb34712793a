import { Injectable } from '@nestjs/common';
import type { Tallies, TallyDelta } from '@actionday/contracts';
import { applyTallyDeltas, emptyTallies } from '@actionday/tallies';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { notFound } from '../common/errors';

interface OperationHead {
  countries: string[];
  last_seq: string;
  status: string;
  closed_at: Date | null;
  experts: number;
  snapshot: string | null;
  sha256: string | null;
}

/**
 * Reads the figures from the counters kept by every write (see JournalService): the cost is the
 * number of figures, not the number of findings. A closed operation answers from the snapshot
 * taken at close, byte for byte what its SHA-256 was computed over.
 */
@Injectable()
export class TalliesService {
  constructor(private readonly ds: DataSource) {}

  async get(operationId: string): Promise<Tallies> {
    // One snapshot transaction, so that asOfSeq matches the counters read.
    return this.ds.transaction('REPEATABLE READ', (m) => this.read(m, operationId));
  }

  /** The figures as seen by `m`'s transaction: the snapshot once closed, else the counters. */
  async read(m: EntityManager, operationId: string): Promise<Tallies> {
    const head = await this.head(m, operationId);
    if (head.snapshot && head.sha256) return { ...(JSON.parse(head.snapshot) as Tallies), snapshotSha256: head.sha256 };
    return this.fromCounters(m, operationId, head);
  }

  /**
   * Stores the operation's current figures as its immutable snapshot and returns its SHA-256.
   * Runs inside the closing transaction, after the operation row is locked and marked closed.
   */
  async freeze(m: EntityManager, operationId: string, closedAt: Date): Promise<string> {
    const head = await this.head(m, operationId);
    const live = await this.fromCounters(m, operationId, head);
    const body = canonicalJson({ ...live, frozen: true, closedAt: closedAt.toISOString(), snapshotSha256: null });
    const sha256 = sha256Hex(body);
    await m.query('INSERT INTO operation_snapshots (operation_id, as_of_seq, body, sha256) VALUES ($1, $2, $3, $4)', [
      operationId,
      live.asOfSeq,
      body,
      sha256,
    ]);
    return sha256;
  }

  private async head(m: EntityManager, operationId: string): Promise<OperationHead> {
    const rows: OperationHead[] = await m.query(
      `SELECT o.countries, o.last_seq, o.status, o.closed_at, s.body AS snapshot, s.sha256,
              (SELECT count(*)::int FROM memberships WHERE operation_id = o.id AND role <> 'observer') AS experts
         FROM operations o LEFT JOIN operation_snapshots s ON s.operation_id = o.id
        WHERE o.id = $1`,
      [operationId],
    );
    if (!rows[0]) throw notFound('operation');
    return rows[0];
  }

  private async fromCounters(m: EntityManager, operationId: string, head: OperationHead): Promise<Tallies> {
    const teams: { id: string; name: string }[] = await m.query('SELECT id, name FROM teams WHERE operation_id = $1 ORDER BY name', [
      operationId,
    ]);
    const counters: (Omit<TallyDelta, 'delta'> & { value: string })[] = await m.query(
      'SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND value <> 0',
      [operationId],
    );
    const base = emptyTallies({
      operationId,
      frozen: head.status === 'closed',
      closedAt: head.closed_at?.toISOString() ?? null,
      snapshotSha256: null,
      asOfSeq: Number(head.last_seq),
      participants: { experts: head.experts, countries: head.countries.length },
      teams,
      countries: head.countries,
    });
    const names = new Map(teams.map((t) => [t.id, t.name]));
    return applyTallyDeltas(
      base,
      counters.map((c) => ({ dim: c.dim, key: c.key, metric: c.metric, sub: c.sub, delta: Number(c.value) })),
      (id) => names.get(id) ?? '',
    );
  }
}
