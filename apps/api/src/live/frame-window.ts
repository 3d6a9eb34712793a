/**
 * Per key (an operation), items gathered into one batch per window: the first item after a quiet
 * window leaves at once (on the next turn of the event loop, with whatever else was committed in
 * the same turn); under load, the items that come meanwhile leave together at most `windowMs`
 * after the previous batch. Order of arrival is kept.
 */
export class FrameWindow<T> {
  private readonly open = new Map<string, { items: T[]; cancel: (() => void) | null }>();
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly send: (key: string, items: T[]) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(key: string, items: readonly T[]): void {
    let batch = this.open.get(key);
    if (!batch) {
      batch = { items: [], cancel: null };
      this.open.set(key, batch);
    }
    for (const item of items) batch.items.push(item);
    if (batch.cancel) return;
    const wait = (this.lastSent.get(key) ?? -Infinity) + this.windowMs - this.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.flush(key));
      batch.cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.flush(key), wait);
      batch.cancel = () => clearTimeout(timer);
    }
  }

  /** Sends every open batch now (on shutdown). */
  flushAll(): void {
    for (const key of [...this.open.keys()]) this.flush(key);
  }

  /** Sends the key's open batch now, if any. */
  flush(key: string): void {
    const batch = this.open.get(key);
    if (!batch) return;
    batch.cancel?.();
    this.open.delete(key);
    // One number per operation that ever had events in this process: a day has a few of them.
    this.lastSent.set(key, this.now());
    this.send(key, batch.items);
  }
}
