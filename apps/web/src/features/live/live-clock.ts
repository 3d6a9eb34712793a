/**
 * Time as the live session sees it: the system's clock and timers by default, the spec's own in
 * tests, so that throttles, retries and gap waits run without waiting on real time.
 */
export interface LiveClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: LiveClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One pending timeout at a time: starting it again replaces the one waiting. */
export class Timeout {
  private handle: unknown = null;

  constructor(private readonly clock: LiveClock) {}

  get active(): boolean {
    return this.handle !== null;
  }

  start(ms: number, fn: () => void): void {
    this.clear();
    this.handle = this.clock.setTimeout(() => {
      this.handle = null;
      fn();
    }, ms);
  }

  clear(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }
}
