import { Client, type ClientConfig } from 'pg';

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
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', ignoreConnectionEnded);
  }
}

function ignoreConnectionEnded(): void {
  // Reported where it matters: to the statement that next uses the client.
}
