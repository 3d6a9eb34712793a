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
    if (typeof config === 'object' && config.preparedStatements === true) preparing.add(this);
    this.on('error', ignoreConnectionEnded);
  }
}

/** The clients whose statements registered with `prepared` go as named ones (a set, not a field: PgClient stays a plain pg Client to its users). */
const preparing = new WeakSet<Client>();

// TypeORM passes every statement as (text, values): one registered with `prepared` goes as a named
// statement, everything else as it came. Set on the prototype, not declared as an override, so
// that callers keep pg's dozen typed overloads of query().
const unnamedQuery = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
PgClient.prototype.query = function query(this: Client, ...args: unknown[]): unknown {
  const [text, values, callback] = args;
  const name = preparing.has(this) && typeof text === 'string' && Array.isArray(values) ? preparedName(text) : undefined;
  if (name === undefined) return unnamedQuery.apply(this, args);
  const config: QueryConfig = { name, text: text as string, values: values as unknown[] };
  return callback === undefined ? unnamedQuery.call(this, config) : unnamedQuery.call(this, config, callback);
} as Client['query'];

function ignoreConnectionEnded(): void {
  // Reported where it matters: to the statement that next uses the client.
}
