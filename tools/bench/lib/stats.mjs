// @ts-check
// Percentiles and waiting, shared by the benchmarks in tools/bench and the fault scripts.
import { performance } from 'node:perf_hooks';

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {object} Percentiles
 * @property {number} p50
 * @property {number} p95
 * @property {number} p99
 */
/** @typedef {Percentiles & { n: number, max: number }} Distribution */

/**
 * p50/p95/p99 of `sorted` (ascending). `total` is how many values there should have been: a
 * value that never came (a delivery that never arrived) counts as infinitely late, so a p99 is
 * never better than what 99 % of the attempts actually saw.
 * @param {ArrayLike<number>} sorted
 * @param {number} [total]
 * @returns {Percentiles}
 */
export function percentiles(sorted, total = sorted.length) {
  /** @param {number} q */
  const at = (q) => {
    if (total === 0) return NaN;
    const i = Math.max(0, Math.ceil(q * total) - 1);
    return i < sorted.length ? sorted[i] : Infinity;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/**
 * @param {Iterable<number>} values
 * @returns {Float64Array}
 */
export const sortedOf = (values) => Float64Array.from(values).sort();

/**
 * n, p50/p95/p99 and max of some durations (or sizes).
 * @param {Iterable<number>} values
 * @returns {Distribution}
 */
export function distribution(values) {
  const sorted = sortedOf(values);
  return {
    n: sorted.length,
    ...percentiles(sorted),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/**
 * Resolves true once `counter()` has not changed for `quietMs`, false if that takes longer than `maxMs`.
 * @param {() => number} counter
 * @param {number} quietMs
 * @param {number} maxMs
 * @returns {Promise<boolean>}
 */
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

/**
 * Resolves once `condition()` holds, looking every `everyMs`; no time limit of its own (the
 * scripts' hard limit ends a wait that never ends).
 * @param {() => boolean} condition
 * @param {number} [everyMs]
 * @returns {Promise<void>}
 */
export async function waitUntil(condition, everyMs = 20) {
  while (!condition()) await sleep(everyMs);
}

/**
 * Rejects with `${label}: no result within N s` when `promise` takes longer than `ms`.
 * @template T
 * @param {number} ms
 * @param {string} label
 * @param {Promise<T>} promise
 * @returns {Promise<T>}
 */
export function within(ms, label, promise) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  return Promise.race([
    promise,
    /** @type {Promise<never>} */ (
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${label}: no result within ${ms / 1000} s`)),
          ms,
        );
      })
    ),
  ]).finally(() => clearTimeout(timer));
}
