import type { CreateFindingRequest, Finding } from '@actionday/contracts';
import type { KeyValueStorage } from './finding-draft';
import {
  deferWaiting,
  dueEntries,
  enqueue,
  loadOutbox,
  markSending,
  newEntry,
  nextWakeUp,
  remove,
  retryFailed,
  saveOutbox,
  settle,
  verdictOf,
  type NewEntry,
  type OutboxEntry,
} from './outbox';

/** What the outbox needs from the outside world; the browser wiring is in use-finding-outbox.ts. */
export interface OutboxDeps {
  send: (body: CreateFindingRequest) => Promise<Finding>;
  storage: KeyValueStorage | null;
  now: () => number;
  /** navigator.onLine: false means "surely offline"; true proves nothing. */
  isOnline: () => boolean;
  /** The signed-in account, or null while there is none (nothing is sent then). */
  currentUserId: () => string | null;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** A finding reached the server (201 or 200): put it in the cache. */
  onSent?: (finding: Finding, entry: OutboxEntry) => void;
}

export interface OutboxSnapshot {
  entries: readonly OutboxEntry[];
  /** "Sent …" after entries went out; for the aria-live status. */
  lastSent: { clientId: string; at: number; count: number } | null;
  /** False when the storage refused the entries: they then only live as long as the page. */
  persisted: boolean;
}

/** While the browser says it is offline, a safety timer still looks every so often. */
export const OFFLINE_POLL_MS = 15_000;

/**
 * One operation's outbox: state in memory mirrored to storage, one sender at a time, a timer for
 * the next retry. Triggers: enqueue, flush() (mount, the `online` event, "Retry now", sign-in) and
 * the backoff timer.
 */
export class OutboxStore {
  private snapshot: OutboxSnapshot;
  private readonly listeners = new Set<() => void>();
  private timer: unknown = null;
  private flushing = false;
  private again: { force: boolean } | null = null;

  constructor(
    readonly operationId: string,
    private deps: OutboxDeps,
  ) {
    this.snapshot = { entries: loadOutbox(operationId, deps.storage), lastSent: null, persisted: true };
  }

  /** Replaces the outside world (e.g. a new query client after a remount). */
  setDeps(patch: Partial<OutboxDeps>): void {
    this.deps = { ...this.deps, ...patch };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OutboxSnapshot => this.snapshot;

  get entries(): readonly OutboxEntry[] {
    return this.snapshot.entries;
  }

  private set(entries: OutboxEntry[], extra: Partial<OutboxSnapshot> = {}): void {
    const persisted = saveOutbox(this.operationId, entries, this.deps.storage);
    this.snapshot = { ...this.snapshot, ...extra, entries, persisted };
    for (const l of this.listeners) l();
  }

  /** Queues a finding and tries to send it at once (unless the browser is offline). */
  add(e: NewEntry): OutboxEntry {
    const entry = newEntry(e, this.deps.now());
    this.set(enqueue(this.snapshot.entries, entry));
    void this.flush();
    return entry;
  }

  /** Takes an entry out (to edit it in the form, or because the officer discards it). */
  take(clientId: string): OutboxEntry | undefined {
    const entry = this.snapshot.entries.find((e) => e.clientId === clientId);
    if (entry && entry.state !== 'sending') this.set(remove(this.snapshot.entries, clientId));
    return entry && entry.state !== 'sending' ? entry : undefined;
  }

  /** Sends a failed entry again, unchanged. */
  retry(clientId: string): void {
    this.set(retryFailed(this.snapshot.entries, clientId));
    void this.flush({ force: true });
  }

  /** Forgets everything in memory (sign-out cleared the storage already). */
  reset(): void {
    this.cancelTimer();
    this.snapshot = { entries: [], lastSent: null, persisted: true };
    for (const l of this.listeners) l();
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.cancelTimer();
    const userId = this.deps.currentUserId();
    if (userId === null) return; // signed out: a sign-in triggers the next flush
    const wake = nextWakeUp(this.snapshot.entries, userId);
    if (wake === null) return;
    const now = this.deps.now();
    const delay = Math.max(wake - now, this.deps.isOnline() ? 0 : OFFLINE_POLL_MS);
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      // The safety poll while "offline" tries anyway: navigator.onLine is not always right.
      void this.flush({ force: !this.deps.isOnline(), ignoreOffline: true });
    }, delay);
  }

  /**
   * Sends the due entries one after the other, oldest first. `force` ignores the backoff (back
   * online, "Retry now"). Stops at the first entry that finds the server unreachable.
   */
  async flush(opts: { force?: boolean; ignoreOffline?: boolean } = {}): Promise<void> {
    const force = opts.force ?? false;
    if (this.flushing) {
      this.again = { force: force || (this.again?.force ?? false) };
      return;
    }
    const userId = this.deps.currentUserId();
    if (userId === null || (!opts.ignoreOffline && !this.deps.isOnline())) {
      this.schedule();
      return;
    }
    this.flushing = true;
    const tried = new Set<string>();
    let sent = 0;
    let lastSentId: string | null = null;
    try {
      for (;;) {
        const entry = dueEntries(this.snapshot.entries, this.deps.now(), { force, userId }).find((e) => !tried.has(e.clientId));
        if (!entry) break;
        tried.add(entry.clientId);
        this.set(markSending(this.snapshot.entries, entry.clientId));
        try {
          const finding = await this.deps.send(entry.body);
          this.deps.onSent?.(finding, entry);
          sent += 1;
          lastSentId = entry.clientId;
          this.set(settle(this.snapshot.entries, entry.clientId, 'sent', this.deps.now()));
        } catch (error) {
          const verdict = verdictOf(error);
          const now = this.deps.now();
          const next = settle(this.snapshot.entries, entry.clientId, verdict, now, error);
          if (verdict === 'failed') {
            this.set(next);
            continue;
          }
          const until = next.find((e) => e.clientId === entry.clientId)?.nextAttemptAt ?? now;
          this.set(deferWaiting(next, until));
          break;
        }
      }
    } finally {
      this.flushing = false;
      if (sent > 0 && lastSentId) this.set(this.snapshot.entries.slice(), { lastSent: { clientId: lastSentId, at: this.deps.now(), count: sent } });
      const again = this.again;
      this.again = null;
      if (again) void this.flush(again);
      else this.schedule();
    }
  }
}
