// @ts-check
// pg clients of the benchmarks and fault scripts, opened and closed the same way everywhere.
import pg from 'pg';

/**
 * @typedef {object} PgOptions
 * @property {number} [statementTimeoutMs]  statements running longer are cancelled by the server
 * @property {string} [applicationName]  as pg_stat_activity shows it
 * @property {boolean} [ignoreErrors]  a connection ended by the server (the bench database dropped
 *   at the end, also on failure) is not an uncaught error
 */

/**
 * A connected client of `url`; the caller ends it.
 * @param {string} url
 * @param {PgOptions} [options]
 * @returns {Promise<pg.Client>}
 */
export async function connectPg(
  url,
  { statementTimeoutMs, applicationName, ignoreErrors = false } = {},
) {
  const client = new pg.Client({
    connectionString: url,
    statement_timeout: statementTimeoutMs,
    application_name: applicationName,
  });
  if (ignoreErrors) client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * Runs `work` with a client of `url`, ended afterwards whatever happened.
 * @template T
 * @param {string} url
 * @param {(client: pg.Client) => Promise<T>} work
 * @param {PgOptions} [options]
 * @returns {Promise<T>}
 */
export async function withPg(url, work, options) {
  const client = await connectPg(url, options);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
