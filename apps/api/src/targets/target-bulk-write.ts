import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { matchKey } from '@actionday/identifiers';
import { mergeDeltas, targetDelta } from '@actionday/tallies';
import { CorrelationService, type IndexedIdentifier } from '../correlation/correlation.service';
import type { OperationTx } from '../journal/operation-tx';
import { indexEntry, type NewTarget } from './target-normalization';
import { TargetsRepository } from './targets.repository';

/**
 * Rows per INSERT of a bulk write, and per progress message: large enough that what each statement
 * costs besides its rows stays small (on 2 cores a 100,000-row import took 10.4 s in chunks of
 * 5,000 and 9.2 to 9.6 s in chunks of 10,000), small enough for progress to move about once a second.
 */
export const BULK_CHUNK = 10000;

export interface BulkTargetWrite {
  /** Sends one chunk; resolves once its INSERT is on its way, before the server has done it. */
  add(rows: NewTarget[]): Promise<void>;
  /** Waits for every chunk, indexes the identifiers, books audit, counters and event; the number of rows written. */
  finish(): Promise<number>;
  /**
   * Why a chunk sent earlier failed, if one did: whatever the transaction runs after it fails
   * with "current transaction is aborted", which says nothing; this is the cause to report.
   */
  readonly failure: unknown;
}

/**
 * Resolves after the queries started just before have been handed to the socket (TypeORM sends a
 * query a few microtasks after it is called): JavaScript that runs next overlaps the server's work.
 */
const onTheWire = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A time-ordered UUID (version 7: milliseconds since 1970, then random bits), for rows written in
 * bulk: consecutive ids land next to each other in the primary key and in every index that leads
 * with the id, where random ones would touch a different page for almost every row.
 */
export function timeOrderedUuid(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID: xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, random but for the version and variant.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${randomUUID().slice(15)}`;
}

/**
 * The bulk path (demo seed, CSV import): one INSERT per chunk, one `targets.imported` event for
 * all rows instead of one per row, counters and audit booked once. Values must already be
 * normalized and free of duplicates; a clash with an existing target fails the whole write.
 */
@Injectable()
export class TargetBulkWrites {
  constructor(
    private readonly repo: TargetsRepository,
    private readonly correlation: CorrelationService,
  ) {}

  async insertMany(tx: OperationTx, rows: NewTarget[], onProgress?: (inserted: number) => void): Promise<number> {
    const write = this.open(tx);
    for (let i = 0; i < rows.length; i += BULK_CHUNK) {
      await write.add(rows.slice(i, i + BULK_CHUNK));
      onProgress?.(Math.min(i + BULK_CHUNK, rows.length));
    }
    return write.finish();
  }

  /**
   * A bulk write fed chunk by chunk. Each `add` returns as soon as its INSERT is on its way to the
   * server, so the caller prepares the next chunk (normalizing, say) on this core while
   * PostgreSQL inserts on the other; `finish` waits for the last one, then looks the new keys up
   * among the operation's in one statement. Ids are made here, time-ordered, so nothing needs to
   * come back from the server.
   */
  open(tx: OperationTx): BulkTargetWrite {
    const createdAt = new Date();
    const identifiers: IndexedIdentifier[] = [];
    const ids: string[] = [];
    const created: [string, string, string][] = [];
    // Counter changes by distinct tally state: an import's rows share a handful of them.
    const states = new Map<string, { row: NewTarget; count: number }>();
    let inFlight: Promise<unknown> = Promise.resolve();
    let failure: unknown = undefined;
    return {
      get failure() {
        return failure;
      },
      add: async (rows) => {
        await inFlight;
        if (rows.length === 0) return;
        const chunkIds = rows.map(() => timeOrderedUuid());
        const keys = rows.map((r) => matchKey(r.kind, r.normalized));
        inFlight = this.repo.insertChunk(tx.manager, { operationId: tx.operationId, actorId: tx.actorId, createdAt, ids: chunkIds, keys, rows });
        // Awaited by the next add or by finish; until then a failure must not count as unhandled.
        inFlight.catch((e: unknown) => (failure ??= e));
        rows.forEach((r, i) => {
          const id = chunkIds[i];
          ids.push(id);
          created.push([id, r.kind, r.normalized]);
          for (const entry of indexEntry({ id, matchKey: keys[i], country: r.country })) identifiers.push(entry);
          const state = `${r.kind}\u001f${r.category ?? ''}\u001f${r.tags.join('\u001f')}`;
          const seen = states.get(state);
          if (seen) seen.count += 1;
          else states.set(state, { row: r, count: 1 });
        });
        await onTheWire();
      },
      finish: async () => {
        await inFlight;
        if (ids.length === 0) return 0;
        // The lookup below joins the new keys with every target and finding of the operation:
        // planned afresh now that they are here (see TargetsRepository.discardPlans).
        await this.repo.discardPlans(tx.manager);
        const indexed = this.correlation.record(tx, identifiers, { bulk: true });
        await onTheWire();
        // While the server looks up: one audit entry for the whole import (which targets it
        // created, by id and normalized value), the counters, the event.
        tx.audit({ action: 'targets.import', entityType: 'target', entityId: null, details: { count: ids.length, created } });
        tx.tally(
          mergeDeltas(
            [...states.values()].flatMap(({ row: r, count: n }) =>
              targetDelta(null, { kind: r.kind, status: 'unassigned', outcome: null, teamId: null, teamCountry: null, category: r.category, tags: r.tags }).map(
                (d) => ({ ...d, delta: d.delta * n }),
              ),
            ),
          ),
        );
        tx.emit('targets.imported', { count: ids.length, firstCreatedAt: createdAt.toISOString() });
        await indexed;
        return ids.length;
      },
    };
  }
}
