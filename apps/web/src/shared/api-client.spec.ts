import { apiPaths, errorBodySchema, type LoginResponse } from '@actionday/contracts';
import { deferred, errorBody, FakeApi, type FakeReply } from '../test/fake-api';
import { loginResponse } from '../test/fixtures';
import { ApiError, apiRequest, authRequest, fetchAllPages } from './api-client';
import { endSession, getAccessToken, getSession, startSession, subscribeSession } from './session';

/** The API client against a fake API at the fetch level: the token refresh and the error shape. */

let api: FakeApi;
const THING = '/api/v1/things';
const OTHER = '/api/v1/other-things';

/** A route that wants the current token: 401 for any other. */
function guarded(path: string, token: () => string, body: unknown = { ok: true }) {
  api.on('GET', path, (req) =>
    req.headers.Authorization === `Bearer ${token()}`
      ? { status: 200, body }
      : { status: 401, body: errorBody(401, 'access token expired') },
  );
}

const refreshes = () => api.sent('POST', apiPaths.refresh);
/** How many times the session told its listeners (the app, the socket) that it ended. */
const signedOutCount = () => {
  let n = 0;
  const stop = subscribeSession(() => {
    if (getSession().status === 'signed-out') n += 1;
  });
  return { count: () => n, stop };
};

beforeEach(() => {
  api = new FakeApi().install();
  startSession(loginResponse({ accessToken: 'token-1' }));
});

afterEach(() => endSession('logout'));

describe('apiRequest: the token refresh race', () => {
  it('two requests that fail with 401 at the same time make exactly one refresh, and both retry with the new token', async () => {
    const refreshed = deferred<FakeReply>();
    api.on('POST', apiPaths.refresh, () => refreshed.promise);
    guarded(THING, () => 'token-2', { thing: 1 });
    guarded(OTHER, () => 'token-2', { thing: 2 });

    const a = apiRequest<{ thing: number }>(THING);
    const b = apiRequest<{ thing: number }>(OTHER);
    // Both 401s are in before the refresh answers.
    await new Promise((r) => setTimeout(r, 0));
    expect(api.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(refreshes()).toHaveLength(1);

    refreshed.resolve({
      status: 200,
      body: loginResponse({ accessToken: 'token-2' }) satisfies LoginResponse,
    });
    await expect(Promise.all([a, b])).resolves.toEqual([{ thing: 1 }, { thing: 2 }]);

    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0].headers).not.toHaveProperty('Authorization');
    const retries = api.requests.filter((r) => r.method === 'GET').slice(2);
    expect(retries.map((r) => [r.path, r.headers.Authorization])).toEqual([
      [THING, 'Bearer token-2'],
      [OTHER, 'Bearer token-2'],
    ]);
    expect(getAccessToken()).toBe('token-2');
  });

  it('a refresh that fails signs out once, and both requests fail with the 401 without another try', async () => {
    const refreshed = deferred<FakeReply>();
    api.on('POST', apiPaths.refresh, () => refreshed.promise);
    guarded(THING, () => 'never');
    guarded(OTHER, () => 'never');
    const watch = signedOutCount();

    const a = apiRequest(THING);
    const b = apiRequest(OTHER);
    await new Promise((r) => setTimeout(r, 0));
    refreshed.resolve({ status: 401, body: errorBody(401, 'refresh token expired') });
    const results = await Promise.allSettled([a, b]);

    for (const r of results) {
      expect(r.status).toBe('rejected');
      const e = (r as PromiseRejectedResult).reason as ApiError;
      expect(e).toBeInstanceOf(ApiError);
      expect(e.status).toBe(401);
    }
    expect(refreshes()).toHaveLength(1);
    expect(api.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    expect(watch.count()).toBe(1);
    expect(getSession()).toMatchObject({
      status: 'signed-out',
      reason: 'expired',
      accessToken: null,
    });
    watch.stop();
  });

  it('a refresh that cannot reach the server keeps the session: the request fails as a network error', async () => {
    guarded(THING, () => 'token-2');
    api.on('POST', apiPaths.refresh, () => {
      api.unreachable = true;
      throw new TypeError('Failed to fetch');
    });
    const watch = signedOutCount();
    await expect(apiRequest(THING)).rejects.toMatchObject({
      status: 0,
      message: 'Cannot reach the server — check the connection and try again',
    });
    expect(watch.count()).toBe(0);
    expect(getSession().status).toBe('signed-in');
    watch.stop();
  });

  it('never refreshes for the sign-in request itself', async () => {
    api.on('POST', apiPaths.login, {
      status: 401,
      body: errorBody(401, 'wrong e-mail or password'),
    });
    await expect(
      apiRequest(apiPaths.login, { method: 'POST', body: { email: 'a@b.c', password: 'x' } }),
    ).rejects.toMatchObject({
      status: 401,
      message: 'wrong e-mail or password',
    });
    await expect(
      authRequest(apiPaths.login, { email: 'a@b.c', password: 'x' }),
    ).rejects.toMatchObject({ status: 401 });
    expect(refreshes()).toHaveLength(0);
    expect(getSession().status).toBe('signed-in');
  });
});

describe('apiRequest: what is sent and how errors read', () => {
  it('sends the token, JSON as JSON and a raw body with its own type; 204 is undefined', async () => {
    api
      .on('POST', THING, (req) => ({ status: 201, body: { echo: req.body } }))
      .on('PUT', THING, (req) => ({ status: 200, body: { echo: req.body } }));
    api.on('DELETE', THING, { status: 204 });
    await expect(
      apiRequest(THING, {
        method: 'POST',
        body: { a: 1 },
        query: { dryRun: true, empty: '', none: undefined },
      }),
    ).resolves.toEqual({ echo: { a: 1 } });
    const [json] = api.sent('POST', THING);
    expect(json.headers).toMatchObject({
      Authorization: 'Bearer token-1',
      'Content-Type': 'application/json',
      Accept: 'application/json',
    });
    expect(json.query.toString()).toBe('dryRun=true');

    await apiRequest(THING, { method: 'PUT', rawBody: 'kind,value\n', contentType: 'text/csv' });
    expect(api.sent('PUT', THING)[0].headers['Content-Type']).toBe('text/csv');
    expect(api.sent('PUT', THING)[0].body).toBe('kind,value\n');
    await expect(apiRequest(THING, { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('an ErrorBody becomes an ApiError with its status, message, details by field, and the whole body', async () => {
    const body = {
      ...errorBody(400, 'Validation failed', [
        { path: 'body.ageMax', message: 'must not be below ageMin' },
        { path: '/identifiers/0/value', message: 'is required' },
        { path: 'evidence[1].sha256', message: 'must be a hex SHA-256' },
        { path: 'ageMax', message: 'a second one is not shown' },
      ]),
      rows: 3,
    };
    expect(errorBodySchema.safeParse(body).success).toBe(true);
    api.on('POST', THING, { status: 400, body });
    const e = (await apiRequest(THING, { method: 'POST', body: {} }).catch(
      (x: unknown) => x,
    )) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.error, e.message]).toEqual([400, 'Bad Request', 'Validation failed']);
    expect(e.details).toHaveLength(4);
    expect(e.fieldErrors()).toEqual({
      ageMax: 'must not be below ageMin',
      'identifiers.0.value': 'is required',
      'evidence.1.sha256': 'must be a hex SHA-256',
    });
    expect(e.body).toEqual(body);
  });

  it('an answer that is not an ErrorBody still reads: status text, the 429 advice, a network failure as status 0', async () => {
    api.on('GET', THING, { status: 503, body: '<html>bad gateway</html>' });
    await expect(apiRequest(THING)).rejects.toMatchObject({
      status: 503,
      error: 'Service Unavailable',
      message: '503 Service Unavailable',
      details: [],
    });
    api.on('GET', THING, { status: 429 });
    await expect(apiRequest(THING)).rejects.toMatchObject({
      status: 429,
      message: 'Too many requests — wait a moment and try again',
    });
    api.unreachable = true;
    await expect(apiRequest(THING)).rejects.toMatchObject({ status: 0, error: 'Network error' });
  });

  it('an aborted request rejects with the AbortError itself, not as a network error', async () => {
    api.fetch.mockImplementationOnce(async () => {
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    const e = await apiRequest(THING).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DOMException);
    expect((e as DOMException).name).toBe('AbortError');
  });

  it('fetchAllPages follows nextCursor to the end at the largest page size', async () => {
    api.on('GET', THING, (req) => {
      const cursor = req.query.get('cursor');
      return {
        status: 200,
        body:
          cursor === null ? { items: [1, 2], nextCursor: 'c2' } : { items: [3], nextCursor: null },
      };
    });
    await expect(fetchAllPages<number>(THING, { type: 'suspect' })).resolves.toEqual([1, 2, 3]);
    expect(api.sent('GET', THING).map((r) => r.query.toString())).toEqual([
      'type=suspect&limit=500',
      'type=suspect&limit=500&cursor=c2',
    ]);
  });
});
