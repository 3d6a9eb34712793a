import { Injectable } from '@nestjs/common';
import { DEFAULT_SUPPRESS_BELOW, grantFor, type Tallies, type TallyDelta, type Viewer } from '@actionday/contracts';
import { applyTallyDeltas, emptyTallies, withheldVictimTallies, withholdVictims } from '@actionday/tallies';
import type { EntityManager } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { notFound } from '../common/errors';
import { JournalService } from '../journal/journal.service';
import { OperationRecordsService } from '../operations/operation-records.service';
import { type OperationHead, TalliesRepository } from './tallies.repository';

/**
 * Reads the figures from the counters the journal keeps with every write (JournalService): the cost is the
 * number of figures, not the number of findings. A closed operation answers from the snapshot
 * taken at close, byte for byte what its SHA-256 was computed over.
 *
 * Members who may not see victims' details (libs/contracts policy.ts, victim_figures) get every
 * other figure exact and the victim figures only as the latest release (VictimReleasesService):
 * operation-wide, small counts suppressed, never the change of one write.
 */
@Injectable()
export class TalliesService {
  constructor(
    private readonly repo: TalliesRepository,
    private readonly journal: JournalService,
    private readonly operations: OperationRecordsService,
  ) {}

  async get(operationId: string, viewer: Viewer): Promise<Tallies> {
    // One snapshot transaction, so that asOfSeq matches the counters read.
    return this.repo.inSnapshot((m) => this.read(m, operationId, viewer));
  }

  /** The figures as seen by `m`'s transaction: the snapshot once closed, else the counters. */
  async read(m: EntityManager, operationId: string, viewer: Viewer): Promise<Tallies> {
    const exact = grantFor(viewer, 'victim_figures') === 'exact';
    const head = await this.head(m, operationId);
    if (head.snapshot && head.sha256) {
      if (exact) return { ...(JSON.parse(head.snapshot) as Tallies), snapshotSha256: head.sha256 };
      // Closed before limited snapshots existed: derived from the exact one, hashed as served.
      const body = head.limited_snapshot ?? canonicalJson({ ...withholdVictims(JSON.parse(head.snapshot) as Tallies), snapshotSha256: null });
      return { ...(JSON.parse(body) as Tallies), snapshotSha256: head.limited_sha256 ?? sha256Hex(body) };
    }
    return exact ? this.fromCounters(m, operationId, head) : this.limitedFromCounters(m, operationId, head);
  }

  /**
   * Stores the operation's current figures as its immutable snapshot and returns its SHA-256;
   * beside it, the figures as members without victim access see them at close (with the victim
   * figures of the last release, see VictimReleasesService.releaseAtClose). Runs inside the
   * closing transaction, after the operation row is locked and marked closed.
   */
  async freeze(m: EntityManager, operationId: string, closedAt: Date): Promise<{ sha256: string; limitedSha256: string }> {
    const head = await this.head(m, operationId);
    const frozen = { frozen: true, closedAt: closedAt.toISOString(), snapshotSha256: null };
    const live = await this.fromCounters(m, operationId, head);
    const body = canonicalJson({ ...live, ...frozen });
    const limitedBody = canonicalJson({ ...(await this.limitedFromCounters(m, operationId, head)), ...frozen });
    const hashes = { sha256: sha256Hex(body), limitedSha256: sha256Hex(limitedBody) };
    await this.repo.insertSnapshot(m, { operationId, asOfSeq: live.asOfSeq, body, sha256: hashes.sha256, limitedBody, limitedSha256: hashes.limitedSha256 });
    return hashes;
  }

  /** The operation's counters of dimension "all" (what a victim release is made of). */
  operationCounters(m: EntityManager, operationId: string): Promise<TallyDelta[]> {
    return this.journal.operationCounters(m, operationId);
  }

  private async head(m: EntityManager, operationId: string): Promise<OperationHead> {
    const head = await this.repo.head(m, operationId);
    if (!head) throw notFound('operation');
    return head;
  }

  private async base(m: EntityManager, operationId: string, head: OperationHead) {
    const teams = await this.operations.teamNames(m, operationId);
    const counters = await this.journal.counters(m, operationId);
    const tallies = emptyTallies({
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
    return { tallies, counters, teamName: (id: string) => names.get(id) ?? '' };
  }

  private async fromCounters(m: EntityManager, operationId: string, head: OperationHead): Promise<Tallies> {
    const { tallies, counters, teamName } = await this.base(m, operationId, head);
    return applyTallyDeltas(tallies, counters, teamName);
  }

  private async limitedFromCounters(m: EntityManager, operationId: string, head: OperationHead): Promise<Tallies> {
    const { tallies, counters, teamName } = await this.base(m, operationId, head);
    return withheldVictimTallies(tallies, counters, head.release, DEFAULT_SUPPRESS_BELOW, teamName);
  }
}
