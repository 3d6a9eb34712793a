// HTTP load over keep-alive connections: node:http costs the generator less than fetch, so the
// time measured is the API's, not the client's.
import http from 'node:http';

/**
 * `post(path, body, token)` and `get(path, token)` on 127.0.0.1:`port`; they never throw and
 * resolve to `{ status, error }` (status 0: no answer). `get` also gives the response's size in
 * bytes and, with `{ keepBody: true }`, its text. `close()` ends the connections.
 */
export function httpPoster(port) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
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
          const chunks = [];
          let bytes = 0;
          res.on('data', (c) => {
            bytes += c.length;
            if (keepBody || res.statusCode >= 400) chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              bytes,
              body: keepBody ? Buffer.concat(chunks).toString() : undefined,
              error: res.statusCode >= 400 ? Buffer.concat(chunks).toString().slice(0, 200) : null,
            }),
          );
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('no response within 30 s')));
      req.on('error', (e) => resolve({ status: 0, bytes: 0, error: e.message }));
      req.end(payload);
    });
  return {
    post: (path, body, token) =>
      request('POST', path, Buffer.from(JSON.stringify(body)), token, false),
    get: (path, token, { keepBody = false } = {}) =>
      request('GET', path, undefined, token, keepBody),
    close: () => agent.destroy(),
  };
}
