import type { JournalEntry } from './event-sink';

/** A write's place in its operation's order, taken before COMMIT and settled after it. */
export interface SeqTicket {
  /** The write committed: its events are released as soon as every earlier local write settled. */
  committed(): void;
  /** The write did not commit (or its COMMIT's outcome is unknown): it holds nothing back. */
  abandoned(): void;
}

interface Slot {
  firstSeq: number;
  entries: readonly JournalEntry[];
  state: 'open' | 'committed' | 'abandoned';
}

/**
 * Releases the committed writes of this process in the order of their sequence numbers, per
 * operation. Writers of one operation take their numbers in turn (the operation row stays locked
 * from the journal's statement to COMMIT), but their COMMITs are answered on different
 * connections, so without this the events of a later write could leave before an earlier one's.
 * A write takes its ticket after its numbers and before its COMMIT, so tickets are in seq order;
 * numbers that other instances took are not waited for (their own instance sends them).
 */
export class SeqOrder {
  private readonly queues = new Map<string, Slot[]>();

  constructor(
    private readonly release: (entries: JournalEntry[]) => void,
    private readonly patienceMs = 10_000,
  ) {}

  take(operationId: string, entries: readonly JournalEntry[]): SeqTicket {
    const slot: Slot = { firstSeq: entries[0]?.event.seq ?? 0, entries, state: 'open' };
    // A COMMIT that never answers (a dead link to the database) must not hold back every later
    // write of the operation: past this, the write's events are given up here (clients fetch
    // them from the log when the head tells them how far it is).
    const expiry = setTimeout(() => settle('abandoned'), this.patienceMs);
    expiry.unref();
    const queue = this.queues.get(operationId) ?? [];
    // In seq order always; a slot out of order (never expected) goes to its place, not the end.
    let i = queue.length;
    while (i > 0 && queue[i - 1].firstSeq > slot.firstSeq) i -= 1;
    queue.splice(i, 0, slot);
    this.queues.set(operationId, queue);
    const settle = (state: Slot['state']) => {
      if (slot.state !== 'open') return;
      clearTimeout(expiry);
      slot.state = state;
      this.drain(operationId);
    };
    return { committed: () => settle('committed'), abandoned: () => settle('abandoned') };
  }

  /** How many writes of the operation wait for an earlier one (for tests and diagnostics). */
  waiting(operationId: string): number {
    return this.queues.get(operationId)?.length ?? 0;
  }

  private drain(operationId: string): void {
    const queue = this.queues.get(operationId);
    if (!queue) return;
    const out: JournalEntry[] = [];
    let n = 0;
    while (n < queue.length && queue[n].state !== 'open') {
      if (queue[n].state === 'committed') for (const e of queue[n].entries) out.push(e);
      n += 1;
    }
    if (n === 0) return;
    queue.splice(0, n);
    if (queue.length === 0) this.queues.delete(operationId);
    if (out.length) this.release(out);
  }
}
