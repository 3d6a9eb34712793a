// @ts-check
// Command-line arguments of the benchmarks and fault scripts: the same --help, the same answer to
// a bad argument (the message and the usage on stderr, exit 2), the same number parsing.
import { parseArgs } from 'node:util';

/**
 * The script's options plus `--help`/`-h`, which prints `usage` and exits 0. An unknown option or
 * a missing value prints the reason and `usage` to stderr and exits 2.
 * @template {NonNullable<import('node:util').ParseArgsConfig['options']>} O
 * @template {boolean} [P=false]
 * @param {string} usage
 * @param {O} options
 * @param {{ allowPositionals?: P }} [config]
 */
export function parseOptions(usage, options, config = {}) {
  const help = /** @type {const} */ ({ type: 'boolean', short: 'h', default: false });
  try {
    /** @type {{ options: O & { help: typeof help }, allowPositionals: P }} */
    const full = {
      options: { ...options, help },
      allowPositionals: /** @type {P} */ (config.allowPositionals ?? false),
    };
    const parsed = parseArgs(full);
    if (/** @type {{ help?: boolean }} */ (parsed.values).help) {
      console.log(usage);
      process.exit(0);
    }
    return parsed;
  } catch (e) {
    return usageError(usage, e instanceof Error ? e.message : String(e));
  }
}

/**
 * Prints `usage` (after `reason`, when given) to stderr and exits 2: the answer to a bad argument.
 * @param {string} usage
 * @param {string} [reason]
 * @returns {never}
 */
export function usageError(usage, reason) {
  console.error(reason ? `${reason}\n${usage}` : usage);
  process.exit(2);
}

/**
 * `'100,500,1000'` -> `[100, 500, 1000]`: the distinct positive integers of a comma-separated
 * list, ascending; anything else in it is left out.
 * @param {string} text
 * @returns {number[]}
 */
export const integerList = (text) =>
  [
    ...new Set(
      text
        .split(',')
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
  ].sort((a, b) => a - b);

/**
 * The integer `text` stands for when it is at least `min`, else null.
 * @param {string | undefined} text
 * @param {number} min
 * @returns {number | null}
 */
export function integerAtLeast(text, min) {
  const n = Number(text);
  return Number.isInteger(n) && n >= min ? n : null;
}
