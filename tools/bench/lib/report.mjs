// @ts-check
// What the benchmarks and fault scripts print: progress lines on stderr, markdown tables, the
// figures formatted the same way everywhere, and the JSON document of --json.

/**
 * Progress lines of script `name`, `[name] line`, on stderr: stdout is kept for the report.
 * @param {string} name
 * @returns {(line: string) => void}
 */
export const logger = (name) => (line) => void process.stderr.write(`[${name}] ${line}\n`);

/**
 * Where the report's tables go: stdout, or stderr when stdout carries the JSON document.
 * `w(line)` writes one line.
 * @param {boolean} json
 */
export function reportOutput(json) {
  const out = json ? process.stderr : process.stdout;
  return {
    out,
    /** @param {string} [line] */
    w: (line = '') => void out.write(`${line}\n`),
  };
}

/**
 * The report as one JSON document (what --json prints), with NaN and Infinity as strings.
 * @param {unknown} report
 * @returns {string}
 */
export const jsonDocument = (report) =>
  JSON.stringify(
    report,
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    2,
  );

/** @typedef {'left' | 'right' | 'center'} Align */
/** @typedef {string | [title: string, align: Align]} Column */

/** @type {Record<Align, string>} */
const RULE = { left: '---', right: '---:', center: ':---:' };

/**
 * A markdown table as lines: the header, the alignment rule, one line per row. A column is its
 * title (left-aligned) or `[title, align]`; a cell left empty on purpose is null (written `| |`).
 * @param {Column[]} columns
 * @param {Iterable<readonly (string | number | null)[]>} rows
 * @returns {string[]}
 */
export function markdownTable(columns, rows) {
  /** @param {readonly (string | number | null)[]} cells */
  const line = (cells) => `|${cells.map((c) => (c === null ? ' ' : ` ${c} `)).join('|')}|`;
  const lines = [
    line(columns.map((c) => (typeof c === 'string' ? c : c[0]))),
    line(columns.map((c) => RULE[typeof c === 'string' ? 'left' : c[1]])),
  ];
  for (const row of rows) lines.push(line(row));
  return lines;
}

/**
 * @typedef {object} Goal
 * @property {string} goal
 * @property {string} measured
 * @property {boolean | null} met  null: not measured in this run
 */

/**
 * The goals section every benchmark ends its report with.
 * @param {readonly Goal[]} goals
 * @returns {string[]}
 */
export const goalsTable = (goals) => [
  '\n### Goals\n',
  ...markdownTable(
    ['goal', ['measured', 'right'], ['met', 'center']],
    goals.map((g) => [g.goal, g.measured, yes(g.met)]),
  ),
];

/**
 * `yes`, `NO`, or `-` when there is no answer.
 * @param {boolean | null | undefined} b
 */
export const yes = (b) => (b === null || b === undefined ? '-' : b ? 'yes' : 'NO');

/**
 * A duration in ms (or any figure) as the reports print it: one decimal under 10, whole above,
 * `-` when there is none.
 * @param {number} v
 */
export function fmt(v) {
  if (!Number.isFinite(v)) return '-';
  return v < 10 ? v.toFixed(1) : String(Math.round(v));
}

/**
 * `v` with `d` decimals, `-` when there is none.
 * @param {number} v
 * @param {number} [d]
 */
export const fixed = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '-');

/**
 * The CPU columns: % of one core used by the API / PostgreSQL / the load generator / the rest.
 * @param {import('./machine.mjs').CpuUsage} c
 */
export const cpuText = (c) => `${c.apiPct} / ${c.postgresPct} / ${c.generatorPct} / ${c.otherPct}`;
