/**
 * The statements of the hot paths (every finding's write, every request's access check), by
 * their text. PgClient sends these as named prepared statements: each connection has PostgreSQL
 * parse them once, and after a few runs plan them once, instead of on every execution. Measured
 * on 2 cores (tools/bench/live.mjs, 8 posters, 100 subscribers): parse and bind were 2.7 ms of
 * PostgreSQL's 5.2 ms per grouped write (3.8 of 6.3 with the group's access checks, summed from
 * its log); in alternating runs its CPU per finding went from 1.59 to
 * 1.74 ms to 0.93 to 1.17 ms. The generic plans are most of it: with plan_cache_mode =
 * force_custom_plan (parse saved, planning not) the gain was gone.
 *
 * Only fixed texts belong here: each is prepared on every connection of the pool and stays for
 * the connection's life, so a text that varies (an IN list of varying length) would fill the
 * server's memory. `prepared` is called when a module loads, and refuses more than a few.
 */
const names = new Map<string, string>();
const MAX_STATEMENTS = 32;

/** `text`, registered as a statement to prepare; for module-level constants only. */
export function prepared(text: string): string {
  if (names.has(text)) return text;
  if (names.size >= MAX_STATEMENTS)
    throw new Error(
      `more than ${MAX_STATEMENTS} prepared statements: only fixed statements of the hot paths belong in prepared()`,
    );
  names.set(text, `actionday_${names.size + 1}`);
  return text;
}

/** The name `text` is prepared under, when it is one of them. */
export function preparedName(text: string): string | undefined {
  return names.get(text);
}
