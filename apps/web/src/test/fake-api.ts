import type { ErrorBody } from '@actionday/contracts';

/**
 * A small fake of the API at the `fetch` level, for component specs: routes answer by method and
 * path, every request is recorded, and the server can be made unreachable (fetch rejects, as it
 * does when the connection is lost). Bodies are built by ./fixtures.ts, which parses them with the
 * contracts' zod schemas.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface FakeRequest {
  method: Method;
  /** The path without the query ("/api/v1/operations/…/findings"). */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** JSON bodies parsed; anything else (a CSV) as the string sent. */
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
}

type Handler = (req: FakeRequest) => FakeReply | Promise<FakeReply>;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What apiRequest reads of a Response (jsdom has no fetch, hence no Response either). */
export function fakeResponse(status: number, body?: unknown): Response {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const res = {
    status,
    ok: status >= 200 && status < 300,
    statusText: STATUS_TEXT[status] ?? '',
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
    blob: async () => new Blob([text]),
  };
  return res as unknown as Response;
}

/** The API's one error shape. */
export function errorBody(
  statusCode: number,
  message: string,
  details?: ErrorBody['details'],
): ErrorBody {
  return {
    statusCode,
    error: STATUS_TEXT[statusCode] ?? 'Error',
    message,
    ...(details ? { details } : {}),
  };
}

/** The web's clients pass headers as a plain object. */
function headersOf(init: RequestInit | undefined): Record<string, string> {
  const h = init?.headers;
  return h && !Array.isArray(h) && !(typeof Headers !== 'undefined' && h instanceof Headers)
    ? { ...(h as Record<string, string>) }
    : {};
}

export class FakeApi {
  readonly requests: FakeRequest[] = [];
  /** While true every request rejects like a lost connection, and is recorded all the same. */
  unreachable = false;
  private readonly routes: { method: Method; path: string | RegExp; handler: Handler }[] = [];

  readonly fetch = jest.fn(
    async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = new URL(
        typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
        'http://localhost',
      );
      const headers = headersOf(init);
      const contentType =
        Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      const raw = typeof init?.body === 'string' ? init.body : undefined;
      const req: FakeRequest = {
        method: (init?.method ?? 'GET').toUpperCase() as Method,
        path: url.pathname,
        query: url.searchParams,
        headers,
        body:
          raw !== undefined && contentType.includes('json') ? (JSON.parse(raw) as unknown) : raw,
      };
      this.requests.push(req);
      if (this.unreachable) throw new TypeError('Failed to fetch');
      const route = this.routes.find(
        (r) =>
          r.method === req.method &&
          (typeof r.path === 'string' ? r.path === req.path : r.path.test(req.path)),
      );
      if (!route)
        return fakeResponse(404, errorBody(404, `no fake route for ${req.method} ${req.path}`));
      const reply = await route.handler(req);
      return fakeResponse(reply.status, reply.body);
    },
  );

  /** Adds a route; a later one for the same request wins. */
  on(method: Method, path: string | RegExp, handler: Handler | FakeReply): this {
    this.routes.unshift({
      method,
      path,
      handler: typeof handler === 'function' ? handler : () => handler,
    });
    return this;
  }

  install(): this {
    globalThis.fetch = this.fetch as unknown as typeof fetch;
    return this;
  }

  /** The recorded requests to one route. */
  sent(method: Method, path: string | RegExp): FakeRequest[] {
    return this.requests.filter(
      (r) =>
        r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }
}

/** A promise and its resolver, to hold an answer back until the test lets it go. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
