import { Client, type ClientConfig, type QueryConfig } from 'pg';
import { preparedName } from './prepared-statements';

/** What the pool hands each new client: pg's settings and whether to prepare the hot statements. */
export type PgClientConfig = ClientConfig & { preparedStatements?: boolean };

/**
 * The node-postgres client of every connection the API opens, pooled or on its own.
 *
 * A server that ends a connection between statements (a restart, an operator's
 * pg_terminate_backend) sends its FATAL with no statement to fail, and node-postgres emits it as
 * an 'error' event; an event with no listener ends the process. The pool and TypeORM listen while
 * they hold a client, but not at every moment: a connection that opens as the server shuts down
 * can receive "ready" and the FATAL in one read, and the pool hands it out between the two, before
 * TypeORM has attached its listener (seen in CI, where a restart of PostgreSQL killed the API).
 * This listener is always there. It needs to do nothing: the client is then marked unusable, its
 * next statement fails (a 503 for the request), and the pool discards it when it comes back.
 */
export class PgClient extends Client {
  constructor(config?: string | PgClientConfig) {
    super(config);
    if (typeof config === 'object' && config.preparedStatements === true) renamed.set(this, new Map());
    this.on('error', ignoreConnectionEnded);
  }
}

/**
 * SQLSTATEs that say a connection's copy of a named statement is unusable: the server dropped it
 * (26000, e.g. after pg closed it when a value could not be bound), has one of that name pg does
 * not know of (42P05), or its plan no longer fits the tables (0A000, "cached plan must not change
 * result type", after another instance's migration). pg would keep sending the name and fail on
 * every run; the statement goes under a new name on that connection instead.
 */
const STALE_STATEMENT = new Set(['26000', '42P05', '0A000']);
/**
 * The clients whose statements registered with `prepared` go as named ones, each with the
 * statements it renamed after such an error and how often (a map, not a field: PgClient stays a
 * plain pg Client to its users).
 */
const renamed = new WeakMap<Client, Map<string, number>>();

function nameOn(renames: Map<string, number>, text: string): string | undefined {
  const name = preparedName(text);
  const times = name && renames.get(name);
  return times ? `${name}_${times}` : name;
}

function renameOnStaleStatement(renames: Map<string, number>, text: string, error: unknown): void {
  const name = preparedName(text);
  if (!name || !STALE_STATEMENT.has((error as { code?: string } | null)?.code ?? '')) return;
  renames.set(name, (renames.get(name) ?? 0) + 1);
}

// TypeORM passes every statement as (text, values): one registered with `prepared` goes as a named
// statement, everything else as it came. Set on the prototype, not declared as an override, so
// that callers keep pg's dozen typed overloads of query().
const pgQuery = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
PgClient.prototype.query = function query(this: Client, ...args: unknown[]): unknown {
  const [text, values, callback] = args;
  const renames = renamed.get(this);
  const name = renames && typeof text === 'string' && Array.isArray(values) ? nameOn(renames, text) : undefined;
  if (!renames || name === undefined) return pgQuery.apply(this, args);
  const config: QueryConfig = { name, text: text as string, values: values as unknown[] };
  if (typeof callback === 'function') {
    return pgQuery.call(this, config, (error: unknown, result: unknown) => {
      if (error) renameOnStaleStatement(renames, config.text, error);
      (callback as (e: unknown, r: unknown) => void)(error, result);
    });
  }
  return (pgQuery.call(this, config) as Promise<unknown>).catch((error: unknown) => {
    renameOnStaleStatement(renames, config.text, error);
    throw error;
  });
} as Client['query'];

function ignoreConnectionEnded(): void {
  // Reported where it matters: to the statement that next uses the client.
}
