import { HttpException, Injectable, Logger } from '@nestjs/common';
import {
  createFindingRequestSchema,
  idSchema,
  type CreateFindingRequest,
  type ErrorBody,
  type Finding,
  type FindingsBatchItemResult,
  type FindingsBatchResponse,
} from '@actionday/contracts';
import { findingDelta } from '@actionday/tallies';
import type { EntityManager } from 'typeorm';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { databaseTrouble, isCollision } from '../common/database-errors';
import { conflict } from '../common/errors';
import { parseOrThrow } from '../common/zod-pipe';
import { CorrelationService, type IndexedIdentifier } from '../correlation/correlation.service';
import { JournalService } from '../journal/journal.service';
import type { OperationTx } from '../journal/operation-tx';
import type { FindingEntity } from './finding.entity';
import { emitFinding } from './finding-writes';
import { findingForViewer, findingTallyState, toFindingDto } from './findings.mapper';
import { buildFindingRow, type FindingRequest, indexEntries, refsOf } from './finding-rows';
import { FindingsRepository } from './findings.repository';

/** 201 with the finding stored now, 200 with the one a retry repeats, or the error it gets. */
export type CreationResult = { status: 201 | 200; finding: Finding } | { status: number; error: ErrorBody };

export interface CreatedFinding {
  finding: Finding;
  /** False when this was a retry of an earlier request with the same clientId. */
  created: boolean;
}

/** The most single findings one grouped write carries; more wait for the next. */
const GROUP_MAX = 200;
/**
 * Grouped writes of one operation in flight at once. One: a second one in flight only queued on
 * the operation row and its counters behind the first (JournalRepository.appendWrite) and split
 * the waiting findings into smaller groups. Measured on 2 cores (tools/bench/live.mjs, three
 * alternating pairs of runs), two against one: 102-121 against 136-156 findings/s with 8
 * posters, 267-309 against 333-373 with 32, and PostgreSQL CPU 3.84 against 2.35 ms per finding.
 */
const WRITERS_PER_OPERATION = 1;
/**
 * The most identifier keys a write locks one by one; past it, one lock for the operation's
 * identifiers (PostgreSQL's lock table is shared by every connection: a few concurrent batches
 * with a lock per key would fill it).
 */
const KEY_LOCKS_MAX = 100;
/** Single findings that may wait for an operation's writes; past it, 503 (the database is behind). */
const WAITING_MAX = 5000;
/** Errors of a write that took too long or ran out of room: trying each finding alone would only do more of it. */
const OVERLOAD_CODES = new Set(['57014', '53200', '53300', '53400']);

/** The database is behind: come back shortly (the same answer as when it is away, see database-errors.ts). */
const busy = () =>
  new HttpException({ statusCode: 503, error: 'Service Unavailable', message: 'the database is busy; send it again in a moment (with the same clientId)' }, 503);

const errorOf = (e: unknown): { status: number; error: ErrorBody } | null => {
  if (!(e instanceof HttpException)) return null;
  const body = e.getResponse();
  return { status: e.getStatus(), error: (typeof body === 'object' ? body : { statusCode: e.getStatus(), error: 'Error', message: String(body) }) as ErrorBody };
};

/**
 * Creating findings, one or a thousand, by the same code: the lookups of all of them in a few
 * queries, every row in one INSERT, the identifiers of all of them through the correlation in
 * one go, and one journal write (one seq range, one counter upsert per key, one audit batch,
 * one COMMIT). Each finding's result is its own: what it would get when posted alone.
 */
@Injectable()
export class FindingCreationService {
  private readonly logger = new Logger('findings');

  constructor(
    private readonly repo: FindingsRepository,
    private readonly journal: JournalService,
    private readonly correlation: CorrelationService,
  ) {}

  /**
   * One finding: 201 the first time, 200 for a retry; otherwise the error is thrown. Findings
   * posted to one operation while a write of it is in flight wait for it, then go together in
   * the next one (group commit): one transaction, one seq range, one counter upsert per key,
   * one audit batch and one COMMIT for all of them, each with its own result.
   */
  async create(user: AuthUser, access: OperationAccess, input: CreateFindingRequest): Promise<CreatedFinding> {
    const result = await new Promise<CreationResult>((resolve, reject) => {
      const queue = this.waiting.get(access.operationId) ?? [];
      if (queue.length >= WAITING_MAX) return reject(busy());
      queue.push({ request: { user, access, input }, resolve, reject });
      this.waiting.set(access.operationId, queue);
      if ((this.writing.get(access.operationId) ?? 0) < WRITERS_PER_OPERATION) void this.writeWaiting(access.operationId);
    });
    if ('error' in result) throw new HttpException(result.error, result.status);
    return { finding: result.finding, created: result.status === 201 };
  }

  /** Per operation, the single findings that wait for the write in flight. */
  private readonly waiting = new Map<string, { request: FindingRequest; resolve: (r: CreationResult) => void; reject: (e: unknown) => void }[]>();
  /** Per operation, how many writes of waiting findings are in flight. */
  private readonly writing = new Map<string, number>();

  private async writeWaiting(operationId: string): Promise<void> {
    this.writing.set(operationId, (this.writing.get(operationId) ?? 0) + 1);
    try {
      for (let queue = this.waiting.get(operationId); queue?.length; queue = this.waiting.get(operationId)) {
        const group = queue.splice(0, GROUP_MAX);
        if (queue.length === 0) this.waiting.delete(operationId);
        try {
          const results = await this.createMany(
            operationId,
            group.map((g) => g.request),
          );
          results.forEach((r, i) => group[i].resolve(r));
        } catch (e) {
          for (const g of group) g.reject(e);
        }
      }
    } finally {
      const left = (this.writing.get(operationId) ?? 1) - 1;
      if (left > 0) this.writing.set(operationId, left);
      else this.writing.delete(operationId);
    }
  }

  /**
   * The batch route: each item checked on its own (a bad one gets its 400 and stores nothing),
   * the good ones created together.
   */
  async batch(user: AuthUser, access: OperationAccess, items: readonly unknown[]): Promise<FindingsBatchResponse> {
    const results: FindingsBatchItemResult[] = new Array(items.length);
    const valid: { index: number; input: CreateFindingRequest }[] = [];
    items.forEach((item, index) => {
      const clientId = typeof (item as { clientId?: unknown } | null)?.clientId === 'string' ? (item as { clientId: string }).clientId : null;
      try {
        valid.push({ index, input: parseOrThrow(createFindingRequestSchema, item) });
      } catch (e) {
        const failed = errorOf(e);
        if (!failed) throw e;
        results[index] = { index, clientId: idSchema.safeParse(clientId).success ? clientId : null, ...failed };
      }
    });
    const created = await this.createMany(
      access.operationId,
      valid.map(({ input }) => ({ user, access, input })),
    );
    created.forEach((r, k) => {
      const { index, input } = valid[k];
      results[index] = { index, clientId: input.clientId, ...r };
    });
    return {
      results,
      created: results.filter((r) => r.status === 201).length,
      replayed: results.filter((r) => r.status === 200).length,
      failed: results.filter((r) => r.status >= 400).length,
    };
  }

  /**
   * Findings of one operation, all asked for by the same member, each with its result in the
   * order given. A clientId repeated within the list is answered as a retry of its first use.
   */
  async createMany(operationId: string, given: readonly FindingRequest[]): Promise<CreationResult[]> {
    // A clientId in the one spelling PostgreSQL answers with: "3F25…" and "3f25…" are one uuid,
    // and the rows inserted are told apart by it.
    const requests = given.map((r) => ({ ...r, input: { ...r.input, clientId: r.input.clientId.toLowerCase() } }));
    const results: (CreationResult | undefined)[] = new Array(requests.length);
    const hashes = requests.map((r) => sha256Hex(canonicalJson(r.input)));
    // Rounds: the first use of each clientId goes in this round, its repeats in the next, where
    // they meet what the first one stored (or, when it failed, are tried on their own).
    let pending = requests.map((_, i) => i);
    while (pending.length > 0) {
      const seen = new Set<string>();
      const round: number[] = [];
      const later: number[] = [];
      for (const i of pending) {
        const clientId = requests[i].input.clientId;
        (seen.has(clientId) ? later : round).push(i);
        seen.add(clientId);
      }
      await this.round(operationId, requests, hashes, round, results);
      pending = later;
    }
    return results as CreationResult[];
  }

  private async round(operationId: string, requests: readonly FindingRequest[], hashes: string[], round: number[], results: (CreationResult | undefined)[]): Promise<void> {
    // Until the lookups tell the retries apart, every finding of the round counts as new: a write
    // that fails before them answers all of them.
    let fresh = round;
    const actorId = requests[round[0]].user.id;
    let inserted = new Set<number>();
    try {
      inserted = await this.journal.write(operationId, actorId, 'live', async (tx) => {
        const lookups = await this.repo.writeLookups(tx.manager, operationId, refsOf(round.map((i) => requests[i].input)));
        if (lookups.earlier.size > 0) {
          const earlier = new Map((await this.repo.byClientIds(operationId, [...lookups.earlier], tx.manager)).map((f) => [f.clientId, f]));
          for (const i of round) {
            const found = earlier.get(requests[i].input.clientId);
            if (found) results[i] = await this.replay(found, hashes[i], requests[i], tx.manager);
          }
          fresh = round.filter((i) => !earlier.has(requests[i].input.clientId));
        }
        const built: { index: number; row: Omit<FindingEntity, 'id'> }[] = [];
        for (const i of fresh) {
          try {
            built.push({ index: i, row: buildFindingRow(lookups, requests[i], hashes[i]) });
          } catch (e) {
            const failed = errorOf(e);
            if (!failed) throw e;
            results[i] = failed;
          }
        }
        const ids = await this.repo.insertMany(
          tx.manager,
          built.map((b) => b.row),
        );
        const stored = built.filter((b) => ids.has(b.row.clientId));
        const entries: IndexedIdentifier[][] = [];
        for (const { index, row } of stored) {
          const finding = { ...row, id: ids.get(row.clientId)! } as FindingEntity;
          const dto = toFindingDto(finding);
          const actorId = requests[index].user.id;
          tx.audit({ action: 'finding.create', entityType: 'finding', entityId: dto.id, details: { after: dto }, actorId });
          emitFinding(tx, 'finding.created', dto, finding.restrictedTeamIds, null, actorId);
          tx.tally(findingDelta(null, findingTallyState(finding)));
          entries.push(indexEntries(finding, actorId));
          results[index] = { status: 201, finding: findingForViewer(dto, finding.restrictedTeamIds, requests[index].access) };
        }
        await this.correlate(tx, entries);
        return new Set(stored.map((b) => b.index));
      });
    } catch (e) {
      const failed = errorOf(e);
      if (failed) {
        // The operation refused the write (closed, not live): every new finding of it gets that
        // answer; a retry keeps the answer of what it repeats.
        for (const i of fresh) if (!results[i] || results[i].status === 201) results[i] = failed;
        return;
      }
      if (OVERLOAD_CODES.has((e as { code?: string }).code ?? '')) {
        this.logger.warn(`a write of ${fresh.length} findings of operation ${operationId} was refused by the database: ${String((e as Error).message)}`);
        const refused = errorOf(busy())!;
        for (const i of fresh) results[i] = refused;
        return;
      }
      // The database is away or over a time limit: every finding of the write gets the 503 that
      // says to send it again (alone, each would only fail the same way). A collision is tried
      // again below, finding by finding.
      if (databaseTrouble(e) && !isCollision(e)) throw e;
      if (fresh.length > 1) {
        // Something no check foresaw: each finding alone, so that only the one that causes it fails.
        for (const i of fresh) {
          results[i] = undefined;
          await this.round(operationId, requests, hashes, [i], results);
        }
      } else if (requests.length === 1) {
        throw e;
      } else if (fresh.length === 1) {
        // One finding of several failed on its own; the others keep their answers. A collision
        // again (a deadlock with another write) is the 503 it gets when posted alone: send it again.
        const trouble = databaseTrouble(e);
        if (trouble) {
          this.logger.warn(`finding ${requests[fresh[0]].input.clientId} of operation ${operationId} collided again when written alone: ${String((e as Error).message)}`);
          results[fresh[0]] = { status: 503, error: { statusCode: 503, error: 'Service Unavailable', message: trouble.message } };
        } else {
          this.logger.error(`finding ${requests[fresh[0]].input.clientId} of operation ${operationId} could not be stored: ${String((e as Error).stack ?? e)}`);
          results[fresh[0]] = { status: 500, error: { statusCode: 500, error: 'Internal Server Error', message: 'this finding could not be stored; the error was logged' } };
        }
      }
      return;
    }
    // A copy of the same request committed first on another connection: answered like a retry.
    const lost = fresh.filter((i) => !results[i] && !inserted.has(i));
    if (lost.length) {
      const winners = new Map((await this.repo.byClientIds(operationId, lost.map((i) => requests[i].input.clientId))).map((f) => [f.clientId, f]));
      for (const i of lost) {
        const winner = winners.get(requests[i].input.clientId);
        results[i] = winner ? await this.replay(winner, hashes[i], requests[i]) : errorOf(conflict('this clientId is being used by another request; retry'))!;
      }
    }
  }

  /** The identifiers of the findings, through the correlation: findings that share a key go in separate calls, so the later one matches the earlier as when posted one after the other. */
  private async correlate(tx: OperationTx, perFinding: IndexedIdentifier[][]): Promise<void> {
    const all = perFinding.flat().map((e) => e.key);
    // Past this many keys one lock for the operation replaces a lock per key, as for an import
    // (the lock table is shared by the whole server).
    const bulk = all.length > KEY_LOCKS_MAX;
    if (!bulk && new Set(all).size < all.length) await this.correlation.lockKeys(tx, all);
    let run: IndexedIdentifier[] = [];
    let keys = new Set<string>();
    for (const entries of perFinding) {
      if (entries.some((e) => keys.has(e.key))) {
        await this.correlation.record(tx, run, { bulk });
        run = [];
        keys = new Set();
      }
      for (const e of entries) {
        run.push(e);
        keys.add(e.key);
      }
    }
    if (run.length) await this.correlation.record(tx, run, { bulk });
  }

  /**
   * A retry answers with the first result, for its author only. Anyone else who sends a clientId
   * already taken gets the same 409 whatever the body: a redacted finding shows its clientId,
   * and "same body" against "different body" would let them guess a victim's details one field
   * at a time.
   */
  private async replay(earlier: FindingEntity, bodyHash: string, { user, access }: FindingRequest, manager?: EntityManager): Promise<CreationResult> {
    if (earlier.authorId !== user.id || earlier.bodyHash !== bodyHash) {
      return errorOf(conflict('this clientId was already used; send a new one for a new finding', [{ path: 'clientId', message: 'already used' }]))!;
    }
    const original = earlier.duplicateOf ? ((await this.repo.findById(earlier.duplicateOf, manager))?.restrictedTeamIds ?? null) : null;
    return { status: 200, finding: findingForViewer(toFindingDto(earlier), earlier.restrictedTeamIds, access, original) };
  }
}
