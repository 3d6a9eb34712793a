import { apiPaths, type ErrorBody, type Page } from '@actionday/contracts';
import { endSession, getAccessToken, refreshSession } from './session';

export type FieldIssue = { path: string; message: string };

/** An error answered by the API (or a network failure, status 0), with its field details. */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly details: FieldIssue[];
  /** The whole parsed error body: some endpoints (CSV import) answer more than the usual fields. */
  readonly body: unknown;

  constructor(status: number, error: string, message: string, details: FieldIssue[] = [], body: unknown = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
    this.details = details;
    this.body = body;
  }

  /** Field errors by normalized path ("ageMax", "identifiers.0.value"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const key = normalizeIssuePath(d.path);
      if (key && !(key in out)) out[key] = d.message;
    }
    return out;
  }
}

/** "body.ageMax", "/ageMax" and "ageMax" all become "ageMax". */
export function normalizeIssuePath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^body\./, '')
    .replace(/\[(\d+)\]/g, '.$1');
}

export function isApiError(e: unknown, status?: number): e is ApiError {
  return e instanceof ApiError && (status === undefined || e.status === status);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is with `contentType` (e.g. a CSV file); takes the place of `body`. */
  rawBody?: string | Blob;
  contentType?: string;
  /** Accept header; JSON unless a download asks for something else. */
  accept?: string;
  query?: Query;
  signal?: AbortSignal;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const message =
    typeof body?.message === 'string' && body.message
      ? body.message
      : res.status === 429
        ? 'Too many requests — wait a moment and try again'
        : `${res.status} ${res.statusText || 'Request failed'}`;
  return new ApiError(
    typeof body?.statusCode === 'number' ? body.statusCode : res.status,
    typeof body?.error === 'string' ? body.error : res.statusText,
    message,
    Array.isArray(body?.details) ? body.details : [],
    body,
  );
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  const token = getAccessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | Blob | undefined;
  if (opts.rawBody !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream';
    body = opts.rawBody;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  try {
    return await fetch(withQuery(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body,
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', 'Cannot reach the server — check the connection and try again');
  }
}

async function sendWithRefresh(path: string, opts: RequestOptions): Promise<Response> {
  let res = await send(path, opts);
  if (res.status === 401 && path !== apiPaths.login) {
    if (await refreshSession()) res = await send(path, opts);
    else endSession();
  }
  return res;
}

/**
 * A file from the API (e.g. a CSV export): a plain link cannot carry the Bearer token, so the file
 * is fetched like any request and handed over as a Blob.
 */
export async function apiBlob(path: string, opts: RequestOptions = {}): Promise<Blob> {
  const res = await sendWithRefresh(path, opts);
  if (!res.ok) throw await toApiError(res);
  return res.blob();
}

/**
 * JSON request to the API with the in-memory access token. On 401 it refreshes the session once
 * and retries; when the refresh fails the session ends (the app goes back to the sign-in page).
 */
export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await sendWithRefresh(path, opts);
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A GET of a public route (a published summary): no token, no cookie, no refresh on 401, so that
 * a visitor who never signed in is never sent to the sign-in page by it.
 */
export async function publicRequest<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'omit', signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', 'Cannot reach the server — check the connection and try again');
  }
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

/** Requests that manage the refresh cookie itself (login, logout): no retry, cookie included. */
export async function authRequest<T>(path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'include',
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Network error', 'Cannot reach the server — check the connection and try again');
  }
  if (!res.ok) throw await toApiError(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const MAX_PAGE_SIZE = 500;

/** Follows `nextCursor` until the end and returns every item of a paged list. */
export async function fetchAllPages<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  // A hard stop against a server that never ends its cursor chain.
  for (let page = 0; page < 1000; page++) {
    const res: Page<T> = await apiRequest<Page<T>>(path, {
      query: { ...query, limit: MAX_PAGE_SIZE, cursor: cursor ?? undefined },
      signal,
    });
    items.push(...res.items);
    cursor = res.nextCursor;
    if (!cursor) break;
  }
  return items;
}
