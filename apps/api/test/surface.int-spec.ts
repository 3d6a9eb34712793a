import { request as httpRequest } from 'node:http';
import { apiPaths, IMPORT_LIMITS, type ErrorBody } from '@actionday/contracts';
import { expectStatus, scenario, type Scenario } from './support/scenario';
import { TestApp } from './support/test-app';

const METRICS_TOKEN = 'surface-metrics-token-0123456789';

interface Answer {
  status: number;
  body: ErrorBody;
  /** Body bytes the client had written when the answer arrived. */
  sentWhenAnswered: number;
}

/**
 * A POST whose body never ends: the headers (with the given Content-Length, if any) and
 * `firstBytes` of it are sent, then nothing more. An answer can only come from a server that
 * decided without reading the body; one that waits for it (a body parser in front of the guard)
 * never answers.
 */
function postWithoutEnd(url: string, headers: Record<string, string>, firstBytes: number, waitMs = 5000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const sentWhenAnswered = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: (text.startsWith('{') ? JSON.parse(text) : { message: text }) as ErrorBody, sentWhenAnswered });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${waitMs} ms while the body was still being sent: the server is waiting to read it`));
    }, waitMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (firstBytes > 0) {
      const chunk = Buffer.alloc(firstBytes, 'other,x\n');
      req.write(chunk, () => (sent += chunk.length));
    } else {
      req.flushHeaders();
    }
  });
}

describe('attack surface: metrics behind a token, no body read before the guard', () => {
  let t: TestApp;
  let s: Scenario;

  beforeAll(async () => {
    t = await TestApp.start({ metricsToken: METRICS_TOKEN });
    s = await scenario(t, { live: false });
  });
  afterAll(() => t.close());

  it('serves /metrics only with the bearer token', async () => {
    const anonymous = await fetch(`${t.baseUrl}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(((await anonymous.json()) as ErrorBody).message).toBe('metrics need Authorization: Bearer <METRICS_TOKEN>');
    for (const authorization of [`Bearer ${METRICS_TOKEN}x`, `Bearer ${METRICS_TOKEN.slice(0, -1)}`, `Basic ${METRICS_TOKEN}`, 'Bearer ', METRICS_TOKEN]) {
      const res = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization } });
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
    }
    // A user's access token is no metrics token.
    expect((await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${s.organizer.token}` } })).status).toBe(401);

    const scraped = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await scraped.text()).toMatch(/^actionday_nodejs_eventloop_lag_seconds /m);
  });

  it('answers /metrics with 404, like any unknown path, when no token is configured', async () => {
    const plain = await TestApp.start();
    try {
      const metrics = await plain.get<ErrorBody>('/metrics');
      const unknown = await plain.get<ErrorBody>('/api/v1/metrics');
      expect(metrics.status).toBe(404);
      expect(metrics.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /metrics' });
      expect(unknown.body).toEqual({ ...metrics.body, message: 'Cannot GET /api/v1/metrics' });
      // A token does not make it appear either.
      expect((await plain.request('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('refuses an anonymous or under-privileged 10 MB CSV upload before reading it', async () => {
    const url = `${t.baseUrl}${apiPaths.targetsImport(s.operation.id)}?dryRun=true`;
    const csv = { 'content-type': 'text/csv', 'content-length': String(IMPORT_LIMITS.bytes - 1) };
    // 1 MB of the 10 MB body is sent; the rest never comes.
    const anonymous = await postWithoutEnd(url, csv, 1024 * 1024);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toBe('sign in first (missing or expired access token)');
    const observer = await postWithoutEnd(url, { ...csv, authorization: `Bearer ${s.observer.token}` }, 1024 * 1024);
    expect(observer.status).toBe(403);
    const otherOperation = await postWithoutEnd(`${t.baseUrl}${apiPaths.targetsImport('00000000-0000-4000-8000-000000000000')}`, { ...csv, authorization: `Bearer ${s.coordinator.token}` }, 1024 * 1024);
    expect(otherOperation.status).toBe(404);
    const unknownPath = await postWithoutEnd(`${t.baseUrl}/api/v1/no-such-route`, csv, 1024 * 1024);
    expect(unknownPath.status).toBe(404);
  });

  it('does not parse CSV or text bodies on any other route', async () => {
    for (const type of ['text/csv', 'application/csv', 'text/plain']) {
      // A JSON route with a CSV body: refused as a missing JSON body, without waiting for it.
      const res = await postWithoutEnd(`${t.baseUrl}${apiPaths.operations}`, { 'content-type': type, 'content-length': String(IMPORT_LIMITS.bytes - 1), authorization: `Bearer ${s.organizer.token}` }, 64 * 1024);
      expect({ type, status: res.status }).toEqual({ type, status: 400 });
      // Sign-in is public: the body is still not read.
      const login = await postWithoutEnd(`${t.baseUrl}${apiPaths.login}`, { 'content-type': type, 'content-length': String(IMPORT_LIMITS.bytes - 1) }, 64 * 1024);
      expect({ type, status: login.status }).toEqual({ type, status: 400 });
    }
  });

  it('answers a coordinator 413 at once when the declared size is over the limit', async () => {
    const url = `${t.baseUrl}${apiPaths.targetsImport(s.operation.id)}?dryRun=true`;
    const res = await postWithoutEnd(url, { 'content-type': 'text/csv', 'content-length': String(IMPORT_LIMITS.bytes + 1), authorization: `Bearer ${s.coordinator.token}` }, 0);
    expect(res.status).toBe(413);
    expect(res.body.message).toBe('the CSV file is larger than 10 MB; split it into smaller files');
    expect(res.sentWhenAnswered).toBe(0);
    // And the import still works for a file that fits.
    const ok = await expectStatus(t.request<{ rows: number }>('POST', `${apiPaths.targetsImport(s.operation.id)}?dryRun=true`, { token: s.coordinator.token, rawBody: 'kind,value\nplatform,a.example\n', headers: { 'content-type': 'text/csv' } }), 200);
    expect(ok.rows).toBe(1);
  });
});
