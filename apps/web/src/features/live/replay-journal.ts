import type { QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@actionday/contracts';

const JOURNAL_SIZE = 5000;

export interface ReplayJournalOptions {
  queryClient: QueryClient;
  /** The section of one of the operation's query keys that live events patch, or null. */
  sectionOf: (queryKey: readonly unknown[]) => string | null;
  /** A section that is never replayed over (the baseline: current up to its own seq). */
  baselineSection: string;
  /** The seq of the last event applied, or null while there is no baseline. */
  lastSeq: () => number | null;
  /** Applies one journaled event again, to that section only. */
  replay: (event: LiveEvent, section: string) => void;
}

/**
 * A list whose request started before some events and finished after them may lack them (the
 * patch found no list to patch, or the server read it first): the events applied meanwhile are
 * kept here, oldest first, and replayed over it once it lands.
 */
export class ReplayJournal {
  private journal: LiveEvent[] = [];
  /** By query hash: the last seq applied when its fetch started. */
  private readonly fetchStartSeq = new Map<string, number>();

  constructor(private readonly opts: ReplayJournalOptions) {}

  record(event: LiveEvent): void {
    this.journal.push(event);
    if (this.journal.length > JOURNAL_SIZE) this.journal.splice(0, this.journal.length - JOURNAL_SIZE);
  }

  clear(): void {
    this.journal = [];
    this.fetchStartSeq.clear();
  }

  /** The query cache's listener. */
  readonly onCacheEvent = (event: QueryCacheNotifyEvent): void => {
    const lastSeq = this.opts.lastSeq();
    if (event.type !== 'updated' || lastSeq === null) return;
    const section = this.opts.sectionOf(event.query.queryKey);
    if (!section || section === this.opts.baselineSection) return;
    const hash = event.query.queryHash;
    if (event.action.type === 'fetch') {
      if (!this.fetchStartSeq.has(hash)) this.fetchStartSeq.set(hash, lastSeq);
      return;
    }
    if (event.action.type === 'error') {
      this.fetchStartSeq.delete(hash);
      return;
    }
    if (event.action.type !== 'success' || event.action.manual) return;
    const from = this.fetchStartSeq.get(hash);
    this.fetchStartSeq.delete(hash);
    if (from === undefined || from >= lastSeq) return;
    const oldest = this.journal[0];
    if (!oldest || oldest.seq > from + 1) {
      // The journal no longer reaches back that far: read the list again.
      void this.opts.queryClient.invalidateQueries({ queryKey: event.query.queryKey });
      return;
    }
    for (const e of this.journal) if (e.seq > from) this.opts.replay(e, section);
  };
}
