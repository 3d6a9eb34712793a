// @ts-check
// HTTP load over keep-alive connections: node:http costs the generator less than fetch, so the
// time measured is the API's, not the client's.
import http from 'node:http';

/**
 * What a request of the load came to; it never throws.
 * @typedef {object} LoadAnswer
 * @property {number} status  0: no answer
 * @property {number} bytes  of the response body
 * @property {string} [body]  the response's text, with `{ keepBody: true }`
 * @property {string | null} error  the start of the body of an answer >= 400, or why there was none
 */

/**
 * A 2xx status.
 * @param {number} status
 */
export const ok2xx = (status) => status >= 200 && status < 300;

/**
 * `post(path, body, token)` and `get(path, token)` on 127.0.0.1:`port`; they never throw and
 * resolve to `{ status, error }` (status 0: no answer). `get` also gives the response's size in
 * bytes and, with `{ keepBody: true }`, its text. `close()` ends the connections.
 * @param {number} port
 */
export function httpPoster(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  /**
   * @param {string} method
   * @param {string} path
   * @param {Buffer | undefined} payload
   * @param {string} token
   * @param {boolean} keepBody
   * @returns {Promise<LoadAnswer>}
   */
  const request = (method, path, payload, token, keepBody) =>
    new Promise((resolve) => {
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          path,
          method,
          headers: {
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': payload.length }
              : {}),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          /** @type {Buffer[]} */
          const chunks = [];
          let bytes = 0;
          res.on('data', (/** @type {Buffer} */ c) => {
            bytes += c.length;
            if (keepBody || status >= 400) chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              status,
              bytes,
              body: keepBody ? Buffer.concat(chunks).toString() : undefined,
              error: status >= 400 ? Buffer.concat(chunks).toString().slice(0, 200) : null,
            }),
          );
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('no response within 30 s')));
      req.on('error', (e) => resolve({ status: 0, bytes: 0, error: e.message }));
      req.end(payload);
    });
  return {
    /**
     * @param {string} path
     * @param {unknown} body  sent as JSON
     * @param {string} token
     * @param {{ keepBody?: boolean }} [options]
     */
    post: (path, body, token, { keepBody = false } = {}) =>
      request('POST', path, Buffer.from(JSON.stringify(body)), token, keepBody),
    /**
     * @param {string} path
     * @param {string} token
     * @param {{ keepBody?: boolean }} [options]
     */
    get: (path, token, { keepBody = false } = {}) =>
      request('GET', path, undefined, token, keepBody),
    close: () => agent.destroy(),
  };
}

/** @typedef {ReturnType<typeof httpPoster>} HttpPoster */
