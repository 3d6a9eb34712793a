import { Injectable } from '@nestjs/common';
import { type ListMatchesQuery, type Match, type MatchSide, type Page, type Viewer } from '@actionday/contracts';
import { matchKindOf } from '@actionday/identifiers';
import type { OperationAccess } from '../auth/auth.decorators';
import { pageOfRows } from '../common/cursor';
import type { OperationTx } from '../journal/operation-tx';
import { REPRESENTATIVE } from '../policy/event-versions';
import { CorrelationRepository } from './correlation.repository';
import { matchForParties, matchForViewer, matchTeamIds, rowToMatch, type SideRestrictions } from './matches.mapper';

/** An identifier of a new target or finding, by the key matches compare on (libs/identifiers matchKey). */
export interface IndexedIdentifier {
  key: string;
  targetId: string | null;
  findingId: string | null;
  /** Whose work the new item is, as reported on side `a` of a match. */
  teamId: string | null;
  country: string | null;
  /** A target this item belongs to (a finding's target, a snowballed target's source): not news to it. */
  relatedTargetId?: string | null;
  relatedFindingId?: string | null;
  /** The teams the new item is restricted to (null: not restricted); a match side inherits them. */
  restrictedTeamIds?: readonly (string | null)[] | null;
  /** Who wrote the new item, when not the transaction's actor (a write that carries several requests). */
  actorId?: string | null;
}

/**
 * The identifier index of each operation and the matches it raises. Every write that brings
 * identifiers calls `record` inside its transaction: the new keys are looked up among those
 * already there, each hit becomes a match (one per other team, the earliest item of that team),
 * and the keys join the index. Advisory locks on the keys make two concurrent writes of the same
 * identifier see each other: the second waits for the first to commit, then finds it.
 */
@Injectable()
export class CorrelationService {
  constructor(private readonly repo: CorrelationRepository) {}

  /**
   * `items`: the keys of targets and findings written earlier in this transaction. A finding's
   * keys join the index here (`identifiers`); a target's is on the target row already
   * (`targets.match_key`). What this transaction wrote raises no matches with itself. `bulk`: an
   * import's targets, under one lock for the whole operation.
   */
  async record(tx: OperationTx, items: readonly IndexedIdentifier[], options: { bulk?: boolean } = {}): Promise<Match[]> {
    const unique = dedupe(items);
    if (unique.length === 0) return [];
    const m = tx.manager;
    // A bulk write takes one lock for the whole operation; single writes hold its shared side and
    // lock each of their keys (see CorrelationRepository).
    if (options.bulk) await this.repo.lockOperationKeys(m, tx.operationId);
    else await this.repo.lockKeys(m, tx.operationId, unique.map((i) => i.key));

    const at = new Date();
    const itemIndex = new Map<string, number>();
    const itemOf = (i: IndexedIdentifier) => {
      const id = `${i.targetId ?? ''}|${i.findingId ?? ''}`;
      const known = itemIndex.get(id);
      if (known !== undefined) return known;
      itemIndex.set(id, itemIndex.size);
      return itemIndex.size - 1;
    };
    const hits = await this.repo.indexAndLookUp(
      m,
      tx.operationId,
      unique.map((i) => ({
        key: i.key,
        // The cap on matches is per item written: a batch of findings raises as many as each alone.
        item: itemOf(i),
        findingId: i.findingId,
        relatedTargetId: i.relatedTargetId ?? null,
        relatedFindingId: i.relatedFindingId ?? null,
      })),
      at,
    );
    if (hits.length === 0) return [];

    const pairs = hits.map((h) => {
      const a = unique[Number(h.ord) - 1];
      const sideA: MatchSide = { teamId: a.teamId, country: a.country, targetId: a.targetId, findingId: a.findingId };
      const sideB: MatchSide = { teamId: h.team_id, country: h.country, targetId: h.target_id, findingId: h.finding_id };
      return {
        kind: matchKindOf(a.key),
        key: a.key,
        a: sideA,
        b: sideB,
        crossBorder: sideA.country !== null && sideB.country !== null && sideA.country !== sideB.country,
        restricted: [a.restrictedTeamIds ?? null, h.restricted_team_ids] as SideRestrictions,
      };
    });
    const rows = await this.repo.insertMatches(m, tx.operationId, at, pairs);
    const actors = hits.map((h) => unique[Number(h.ord) - 1].actorId);

    const matches = rows.map(rowToMatch);
    matches.forEach((match, i) => {
      const restricted = pairs[i].restricted;
      const view = (viewer: Viewer) => ({ match: matchForViewer(match, restricted, viewer) });
      tx.emitVersions('correlation.match', {
        observer: view(REPRESENTATIVE.observer),
        officer: view(REPRESENTATIVE.officer),
        team: { match: matchForParties(match) },
        teamIds: matchTeamIds(match),
        full: view(REPRESENTATIVE.full),
      }, actors[i] === undefined ? tx.actorId : actors[i]);
    });
    return matches;
  }

  /**
   * Takes the locks of these keys now, in one fixed order: a write that records its items in
   * several calls (see FindingCreationService) holds all of them before the first, as a single
   * call would, so that it cannot deadlock with another writer of the same keys.
   */
  async lockKeys(tx: OperationTx, keys: readonly string[]): Promise<void> {
    if (keys.length) await this.repo.lockKeys(tx.manager, tx.operationId, [...new Set(keys)]);
  }

  /** Matches of the operation, newest first, each as matchForViewer shows it to `viewer`. */
  async list(viewer: OperationAccess, q: ListMatchesQuery): Promise<Page<Match>> {
    const rows = await this.repo.page(viewer.operationId, q);
    return pageOfRows(
      rows,
      q.limit,
      (r) => ({ at: r.created_at.toISOString(), id: r.id }),
      (r) => matchForViewer(rowToMatch(r), [r.a_restricted, r.b_restricted], viewer),
    );
  }

  /** Retention, in the purge's transaction: the identifier index, then the matches; the rows deleted of each. */
  async purge(tx: OperationTx): Promise<{ identifiers: number; matches: number }> {
    const identifiers = await this.repo.deleteIdentifiers(tx.manager, tx.operationId);
    const matches = await this.repo.deleteMatches(tx.manager, tx.operationId);
    return { identifiers, matches };
  }
  /** How many matches the operation has, up to `cap` (the MISP and STIX exports' size check). */
  countUpTo(operationId: string, cap: number): Promise<number> {
    return this.repo.countUpTo(operationId, cap);
  }
}

/** One entry per (item, key): a finding that lists the same number twice raises one match. */
function dedupe(items: readonly IndexedIdentifier[]): IndexedIdentifier[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const id = `${i.targetId ?? ''}|${i.findingId ?? ''}|${i.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
