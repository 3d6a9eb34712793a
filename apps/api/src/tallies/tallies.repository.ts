import { Injectable } from '@nestjs/common';
import type { VictimFiguresRelease } from '@actionday/tallies';
import { DataSource, type EntityManager } from 'typeorm';
import type { Queryable } from '../database/queryable';

/** What the figures of an operation start from: its row, its snapshot and last release if any, how many experts it has. */
export interface OperationHead {
  countries: string[];
  last_seq: string;
  status: string;
  closed_at: Date | null;
  experts: number;
  snapshot: string | null;
  limited_snapshot: string | null;
  sha256: string | null;
  limited_sha256: string | null;
  release: VictimFiguresRelease | null;
}

/**
 * The tallies domain's tables: the snapshots frozen at close (`operation_snapshots`) and the
 * victim figure releases (`victim_figure_releases`). The counters are the journal's. The head
 * and the due releases read the operation row (and its members, its counters) in the same
 * statement: one round trip in the snapshot they must agree with.
 */
@Injectable()
export class TalliesRepository {
  constructor(private readonly ds: DataSource) {}

  /** Runs `work` in one REPEATABLE READ transaction: every figure is read in the same snapshot. */
  inSnapshot<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction('REPEATABLE READ', work);
  }

  async head(m: Queryable, operationId: string): Promise<OperationHead | undefined> {
    const rows: OperationHead[] = await m.query(
      `SELECT o.countries, o.last_seq, o.status, o.closed_at, s.body AS snapshot, s.limited_body AS limited_snapshot, s.sha256, s.limited_sha256,
              r.body AS release,
              (SELECT count(*)::int FROM memberships WHERE operation_id = o.id AND role <> 'observer') AS experts
         FROM operations o
         LEFT JOIN operation_snapshots s ON s.operation_id = o.id
         LEFT JOIN victim_figure_releases r ON r.operation_id = o.id
        WHERE o.id = $1`,
      [operationId],
    );
    return rows[0];
  }

  async insertSnapshot(
    m: Queryable,
    s: { operationId: string; asOfSeq: number; body: string; sha256: string; limitedBody: string; limitedSha256: string },
  ): Promise<void> {
    await m.query(
      'INSERT INTO operation_snapshots (operation_id, as_of_seq, body, sha256, limited_body, limited_sha256) VALUES ($1, $2, $3, $4, $5, $6)',
      [s.operationId, s.asOfSeq, s.body, s.sha256, s.limitedBody, s.limitedSha256],
    );
  }

  /**
   * Open operations with victims whose last release is at least `seconds` old at `now` (the
   * counters tell which have victims); `db` is the connection holding the release round's lock.
   */
  dueForRelease(db: Queryable, now: Date, seconds: number): Promise<{ id: string }[]> {
    return db.query(
      `SELECT o.id FROM operations o
         LEFT JOIN victim_figure_releases r ON r.operation_id = o.id
        WHERE o.status <> 'closed'
          AND (r.released_at IS NULL OR r.released_at <= $1::timestamptz - $2 * interval '1 second')
          AND EXISTS (SELECT 1 FROM tally_counters c WHERE c.operation_id = o.id AND c.dim = 'all' AND c.metric IN ('victims_total', 'victim_indicator'))`,
      [now, seconds],
    );
  }

  async lastRelease(m: Queryable, operationId: string): Promise<{ released_at: Date; body: VictimFiguresRelease } | undefined> {
    const [last]: { released_at: Date; body: VictimFiguresRelease }[] = await m.query(
      'SELECT released_at, body FROM victim_figure_releases WHERE operation_id = $1',
      [operationId],
    );
    return last;
  }

  async putRelease(m: Queryable, operationId: string, releasedAt: Date, release: VictimFiguresRelease): Promise<void> {
    await m.query(
      `INSERT INTO victim_figure_releases (operation_id, released_at, body) VALUES ($1, $2, $3)
       ON CONFLICT (operation_id) DO UPDATE SET released_at = EXCLUDED.released_at, body = EXCLUDED.body`,
      [operationId, releasedAt, JSON.stringify(release)],
    );
  }
}
