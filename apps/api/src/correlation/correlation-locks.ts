/**
 * The locks a write of identifiers takes before it looks them up, as SQL select-list items over
 * the parameters named (the operation's id; a text[] of keys). A statement that writes before the
 * lookup may carry them (the findings INSERT does: one round trip fewer per write); the lookup
 * that follows in the same transaction then runs with them held. Exported for that statement:
 * the SQL of the locks stays the correlation's.
 */
export const correlationLocks = {
  /** The operation's whole index, for a bulk write (an import, a large batch). */
  operation: (operationId: string) => `pg_advisory_xact_lock(hashtext('correlation:' || ${operationId}::text), 0)`,
  /**
   * The shared side of the bulk lock, then each key's lock in a fixed order so that two writers
   * of overlapping keys cannot deadlock.
   */
  keys: (operationId: string, keys: string) =>
    `pg_advisory_xact_lock_shared(hashtext('correlation:' || ${operationId}::text), 0),
     (SELECT count(pg_advisory_xact_lock(hashtext(${operationId}::text), h))
        FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(${keys}::text[]) AS k ORDER BY 1) AS keys)`,
};
