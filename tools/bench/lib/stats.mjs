// Percentiles and waiting, shared by the benchmarks in tools/bench.
import { performance } from 'node:perf_hooks';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * p50/p95/p99 of `sorted` (ascending). `total` is how many values there should have been: a
 * value that never came (a delivery that never arrived) counts as infinitely late, so a p99 is
 * never better than what 99 % of the attempts actually saw.
 */
export function percentiles(sorted, total = sorted.length) {
  const at = (q) => {
    if (total === 0) return NaN;
    const i = Math.max(0, Math.ceil(q * total) - 1);
    return i < sorted.length ? sorted[i] : Infinity;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

export const sortedOf = (values) => Float64Array.from(values).sort();

/** n, p50/p95/p99 and max of some durations (or sizes). */
export function distribution(values) {
  const sorted = sortedOf(values);
  return {
    n: sorted.length,
    ...percentiles(sorted),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/** Resolves true once `counter()` has not changed for `quietMs`, false if that takes longer than `maxMs`. */
export async function waitQuiet(counter, quietMs, maxMs) {
  const deadline = performance.now() + maxMs;
  let last = counter();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(50);
    const now = counter();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return true;
  }
  return false;
}

/** Rejects with `${label}: no result within N s` when `promise` takes longer than `ms`. */
export function within(ms, label, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}: no result within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
