// @ts-check
// Officers logging findings through a fault, the way the web app's outbox does: each finding has
// its clientId from the start and is sent again, with the same body, until the API answers it.
import { randomUUID } from 'node:crypto';
import { suspectFindingBody } from '../../bench/lib/operation.mjs';
import { sleep, waitUntil } from '../../bench/lib/stats.mjs';

/** @typedef {import('../../bench/lib/operation.mjs').Officer} Officer */
/** @typedef {{ n: number, clientId: string, officer: Officer }} Finding */

/**
 * @typedef {object} Posted
 * @property {Finding[]} findings  every finding sent, all of them answered
 * @property {number} answered
 * @property {Record<number, number>} byStatus  answers by HTTP status (0: none)
 * @property {{ n: number, status: number, body: string }[]} unexpected
 * @property {number} without503RetryAfter
 */

/** Statuses after which the same request is sent again: no answer, the API or its database away. */
const RETRYABLE = new Set([0, 502, 503, 504]);

/**
 * `total` findings by `concurrency` posters against `base(finding)` (a function: the address may change),
 * officers taken in turn. Resolves when every finding was answered 201 or 200 (a retry of one
 * already stored), or when `deadline` passes. Counts every answer by status; a 503 must say
 * Retry-After, and anything but 200, 201 and the retryable ones is a failure of the platform.
 * @param {object} options
 * @param {(finding?: Finding) => string} options.base  the API's address for this finding
 * @param {string} options.operationId
 * @param {Officer[]} options.officers
 * @param {number} options.total
 * @param {number} [options.concurrency]
 * @param {number} options.deadline  Date.now() after which an unanswered finding fails the run
 * @param {string} [options.prefix]  of the suspects' aliases
 * @param {(answered: number, finding: Finding) => void} [options.onAnswered]
 * @returns {Promise<Posted>}
 */
export async function postFindings({
  base,
  operationId,
  officers,
  total,
  concurrency = 8,
  deadline,
  prefix = 'chaos',
  onAnswered = () => undefined,
}) {
  /** @type {Finding[]} */
  const findings = Array.from({ length: total }, (_, n) => ({
    n,
    clientId: randomUUID(),
    officer: officers[n % officers.length],
  }));
  /** @type {Record<number, number>} */
  const byStatus = {};
  /** @type {Posted['unexpected']} */
  const unexpected = [];
  let without503RetryAfter = 0;
  let answered = 0;
  let next = 0;
  /** @param {Finding} f */
  const post = async (f) => {
    const body = { ...suspectFindingBody(f), alias: `${prefix} suspect ${f.n}` };
    for (let attempt = 1; ; attempt++) {
      if (Date.now() > deadline)
        throw new Error(`finding ${f.n} unanswered at the deadline after ${attempt - 1} attempts`);
      let status = 0;
      /** @type {string | null} */
      let retryAfter = null;
      let text = '';
      try {
        const res = await fetch(`${base(f)}/api/v1/operations/${operationId}/findings`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${f.officer.token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        text = await res.text();
      } catch {
        status = 0;
      }
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      if (status === 201 || status === 200) {
        answered++;
        onAnswered(answered, f);
        return;
      }
      if (status === 503 && !retryAfter) without503RetryAfter++;
      if (!RETRYABLE.has(status)) {
        unexpected.push({ n: f.n, status, body: text.slice(0, 200) });
        if (unexpected.length > 20)
          throw new Error(`too many unexpected answers, e.g. ${status} ${text.slice(0, 200)}`);
      }
      const wait = retryAfter
        ? Math.min(Number(retryAfter) * 1000, 2000)
        : Math.min(50 * 2 ** Math.min(attempt, 5), 1000);
      await sleep(wait);
    }
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < findings.length; i = next++) await post(findings[i]);
    }),
  );
  return { findings, answered, byStatus, unexpected, without503RetryAfter };
}

/**
 * The fault scripts' day: `total` findings posted as postFindings does, for at most 4 minutes,
 * with how many are answered so far and a wait until a share of them is.
 * @param {object} options
 * @param {(finding?: Finding) => string} options.base
 * @param {{ operationId: string, officers: Officer[] }} options.setup
 * @param {number} options.total
 * @param {number} options.concurrency
 * @returns {{ posting: Promise<Posted>, answered: () => number, until: (share: number) => Promise<void> }}
 */
export function startPosting({ base, setup, total, concurrency }) {
  let answered = 0;
  const posting = postFindings({
    base,
    operationId: setup.operationId,
    officers: setup.officers,
    total,
    concurrency,
    deadline: Date.now() + 4 * 60_000,
    onAnswered: (n) => (answered = n),
  });
  return {
    posting,
    answered: () => answered,
    until: (share) => waitUntil(() => answered >= share * total),
  };
}
