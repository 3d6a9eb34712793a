// @ts-check
// What must hold after a fault: every answered finding stored exactly once, nothing stored that
// nobody sent, counters equal to a recount of the rows, the event log without gaps, the audit
// chain intact. Read straight from the database as its owner.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../../bench/lib/api-server.mjs';
import { withPg } from '../../bench/lib/pg.mjs';

/** @typedef {{ name: string, ok: boolean, detail: string }} Check */

/**
 * `sent`: the findings the posters sent (each with its clientId), all of them answered. Resolves
 * to `{ ok, checks: [{ name, ok, detail }], figures }`.
 * @param {string} ownerUrl  the database as its owner
 * @param {string} operationId
 * @param {{ clientId: string }[]} sent
 * @returns {Promise<{ ok: boolean, checks: Check[], figures: { findings: number, events: number, lastSeq: number } }>}
 */
export async function checkDay(ownerUrl, operationId, sent) {
  /** @type {Check[]} */
  const checks = [];
  /**
   * @param {string} name
   * @param {boolean} ok
   * @param {string} detail
   */
  const check = (name, ok, detail) => checks.push({ name, ok, detail });
  return withPg(ownerUrl, async (db) => {
    const clientIds = sent.map((f) => f.clientId);
    const { rows: stored } = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT client_id)::int AS distinct_ids,
              count(*) FILTER (WHERE client_id = ANY($2::uuid[]))::int AS ours
         FROM findings WHERE operation_id = $1`,
      [operationId, clientIds],
    );
    const { n, distinct_ids, ours } = stored[0];
    check(
      'every answered finding stored',
      ours === sent.length,
      `${ours} of ${sent.length} sent findings in the database`,
    );
    check(
      'nothing stored twice',
      n === distinct_ids,
      `${n} rows, ${distinct_ids} distinct clientIds`,
    );
    check(
      'nothing stored that was not sent',
      n === ours,
      `${n - ours} finding(s) with a clientId nobody sent`,
    );

    const { rows: diff } = await db.query(
      `SELECT count(*)::int AS n FROM (
         SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND value <> 0
         EXCEPT SELECT dim, key, metric, sub, value FROM tally_counters_from_rows($1) WHERE value <> 0
         UNION ALL
         SELECT dim, key, metric, sub, value FROM tally_counters_from_rows($1) WHERE value <> 0
         EXCEPT SELECT dim, key, metric, sub, value FROM tally_counters WHERE operation_id = $1 AND value <> 0
       ) d`,
      [operationId],
    );
    check(
      'counters equal the recount of the rows',
      diff[0].n === 0,
      diff[0].n ? `${diff[0].n} counter(s) differ from the recount` : 'all equal',
    );

    const { rows: log } = await db.query(
      `SELECT o.last_seq::int AS last_seq, count(e.seq)::int AS events, coalesce(min(e.seq), 0)::int AS first, coalesce(max(e.seq), 0)::int AS last,
              count(DISTINCT e.seq)::int AS distinct_seqs
         FROM operations o LEFT JOIN events e ON e.operation_id = o.id WHERE o.id = $1 GROUP BY o.last_seq`,
      [operationId],
    );
    const l = log[0];
    check(
      'the event log has no gaps',
      l.events === l.last_seq &&
        l.distinct_seqs === l.events &&
        (l.events === 0 || (l.first === 1 && l.last === l.last_seq)),
      `${l.events} events, seq ${l.first}..${l.last}, last_seq ${l.last_seq}`,
    );
    const { rows: created } = await db.query(
      `SELECT count(*)::int AS n FROM events WHERE operation_id = $1 AND type = 'finding.created' AND payload->'finding'->>'clientId' = ANY($2::text[])`,
      [operationId, clientIds],
    );
    check(
      'one finding.created event per finding',
      created[0].n === sent.length,
      `${created[0].n} events for ${sent.length} findings`,
    );

    const verify = spawnSync(
      process.execPath,
      [join(root, 'dist/apps/api/audit-verify.js'), operationId],
      {
        env: { ...process.env, DATABASE_URL: ownerUrl },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    check(
      'the audit chain verifies',
      verify.status === 0,
      (verify.stdout || verify.stderr).trim().split('\n').pop() ?? '',
    );
    return {
      ok: checks.every((c) => c.ok),
      checks,
      figures: { findings: n, events: l.events, lastSeq: l.last_seq },
    };
  });
}

/**
 * The listeners' side: each applied every seq once, up to the log's last.
 * @param {import('./listeners.mjs').Listener[]} listeners
 * @param {number} lastSeq
 * @returns {Check[]}
 */
export function checkListeners(listeners, lastSeq) {
  return listeners.map((l) => ({
    name: `${l.name} converged on the log`,
    ok: l.lastSeq === lastSeq && l.applied === lastSeq,
    detail: `applied ${l.applied} events up to seq ${l.lastSeq} of ${lastSeq}; ${l.repeats} repeats dropped, ${l.gapsFilled} gap fills, ${l.reconnects} reconnects`,
  }));
}
