import type { CreateFindingRequest } from '@actionday/contracts';
import { ApiError, type FieldIssue } from '../../shared/api-client';
import type { FindingDraft, KeyValueStorage } from './finding-draft';

/**
 * The offline outbox: findings the officer submitted while the server could not be reached. Each
 * entry keeps its original clientId and body; the POST is idempotent by clientId (201 the first
 * time, 200 for a retry with the same body), so sending an entry twice never stores it twice.
 *
 * Pure state transitions only; timers, the network and React live in use-finding-outbox.ts.
 *
 * Stored in sessionStorage like the drafts (see finding-draft.ts for why): a reload or a lost
 * connection keeps every entry; closing the tab does not, so the page asks before it closes
 * while entries are pending.
 */

export type OutboxState = 'waiting' | 'sending' | 'failed';

export interface OutboxEntry {
  clientId: string;
  operationId: string;
  /** The body exactly as first validated: a retry must send the same body (else 409). */
  body: CreateFindingRequest;
  /** The form as it was, to reopen a failed entry for fixing. */
  draft: FindingDraft | null;
  /** The target the finding is about and its value, for the list. */
  targetId: string | null;
  targetLabel: string | null;
  /** Who submitted it: never sent under another account signed in later in the same tab. */
  userId: string | null;
  state: OutboxState;
  attempts: number;
  queuedAt: string;
  /** Epoch ms before which a waiting entry is not retried (backoff); 0 = at once. */
  nextAttemptAt: number;
  /** Why the last attempt did not succeed. */
  message: string | null;
  details: FieldIssue[];
}

export type SendVerdict = 'sent' | 'retry' | 'failed';

/** Backoff after `attempts` failed attempts: 2 s, 4 s, 8 s … at most one minute. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(1, Math.min(attempts, 16)));
}

/**
 * Whether a failed POST is worth retrying as is: no answer at all (network down, timeout), the
 * server or a proxy being unavailable (5xx), throttling (429, 408), or an expired session (401:
 * it works again once the officer signs in). Anything else (400 validation, 403, 404, 409 clientId
 * reused with another body, 413) will not get better by waiting: the entry fails visibly.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 0 || error.status >= 500 || [401, 408, 429].includes(error.status);
  if (error instanceof TypeError) return true; // fetch's network failure
  if (error instanceof DOMException) return error.name === 'AbortError' || error.name === 'TimeoutError';
  return false;
}

/** A submission goes to the outbox instead of failing when the browser is offline or the error is retryable. */
export function shouldQueue(error: unknown, online: boolean): boolean {
  return !online || isRetryable(error);
}

export function errorMessage(error: unknown): { message: string; details: FieldIssue[] } {
  if (error instanceof ApiError) {
    if (error.status === 409) {
      return { message: 'The server already holds a different finding with this clientId; edit it to submit it as a new one.', details: error.details };
    }
    if (error.status === 401) return { message: 'Signed out: sign in again to send it', details: [] };
    return { message: error.message, details: error.details };
  }
  if (error instanceof Error) return { message: error.message || 'Could not reach the server', details: [] };
  return { message: 'Could not reach the server', details: [] };
}

export interface NewEntry {
  operationId: string;
  body: CreateFindingRequest;
  draft: FindingDraft | null;
  targetId: string | null;
  targetLabel: string | null;
  userId: string | null;
  message?: string | null;
}

export function newEntry(e: NewEntry, now: number): OutboxEntry {
  return {
    ...e,
    clientId: e.body.clientId,
    state: 'waiting',
    attempts: 0,
    queuedAt: new Date(now).toISOString(),
    nextAttemptAt: 0,
    message: e.message ?? null,
    details: [],
  };
}

/** Adds an entry, or replaces the one with the same clientId (same finding submitted again). */
export function enqueue(list: readonly OutboxEntry[], entry: OutboxEntry): OutboxEntry[] {
  const i = list.findIndex((e) => e.clientId === entry.clientId);
  if (i === -1) return [...list, entry];
  const next = list.slice();
  next[i] = entry;
  return next;
}

export function remove(list: readonly OutboxEntry[], clientId: string): OutboxEntry[] {
  return list.filter((e) => e.clientId !== clientId);
}

function patch(list: readonly OutboxEntry[], clientId: string, f: (e: OutboxEntry) => OutboxEntry): OutboxEntry[] {
  return list.map((e) => (e.clientId === clientId ? f(e) : e));
}

export function markSending(list: readonly OutboxEntry[], clientId: string): OutboxEntry[] {
  return patch(list, clientId, (e) => ({ ...e, state: 'sending' }));
}

/** The result of one attempt: sent entries leave the outbox; the others wait or fail. */
export function settle(list: readonly OutboxEntry[], clientId: string, verdict: SendVerdict, now: number, error?: unknown): OutboxEntry[] {
  if (verdict === 'sent') return remove(list, clientId);
  const { message, details } = errorMessage(error);
  return patch(list, clientId, (e) => {
    const attempts = e.attempts + 1;
    return verdict === 'retry'
      ? { ...e, state: 'waiting', attempts, nextAttemptAt: now + backoffMs(attempts), message, details: [] }
      : { ...e, state: 'failed', attempts, nextAttemptAt: 0, message, details };
  });
}

export function verdictOf(error: unknown): SendVerdict {
  return isRetryable(error) ? 'retry' : 'failed';
}

/** Entries of another account (signed in earlier in this tab) are never sent under this one. */
export function isMine(e: Pick<OutboxEntry, 'userId'>, userId: string | null | undefined): boolean {
  return userId === undefined || e.userId === null || e.userId === userId;
}

/**
 * The entries to send now, oldest first: waiting ones whose backoff is over (all waiting ones when
 * forced: back online, "Retry now"), submitted by the signed-in user.
 */
export function dueEntries(list: readonly OutboxEntry[], now: number, opts: { force?: boolean; userId?: string | null } = {}): OutboxEntry[] {
  return list.filter((e) => e.state === 'waiting' && (opts.force || e.nextAttemptAt <= now) && isMine(e, opts.userId));
}

/** When the next waiting entry (of the user) becomes due (epoch ms), or null when nothing waits. */
export function nextWakeUp(list: readonly OutboxEntry[], userId?: string | null): number | null {
  let min: number | null = null;
  for (const e of list) {
    if (e.state === 'waiting' && isMine(e, userId) && (min === null || e.nextAttemptAt < min)) min = e.nextAttemptAt;
  }
  return min;
}

/**
 * After an attempt found the server unreachable, the other waiting entries wait at least as long:
 * there is no point in trying them one after the other against the same dead connection.
 */
export function deferWaiting(list: readonly OutboxEntry[], until: number): OutboxEntry[] {
  return list.map((e) => (e.state === 'waiting' && e.nextAttemptAt < until ? { ...e, nextAttemptAt: until } : e));
}

/** A failed entry is tried again as it is (e.g. after the coordinator fixed a membership). */
export function retryFailed(list: readonly OutboxEntry[], clientId: string): OutboxEntry[] {
  return patch(list, clientId, (e) => (e.state === 'failed' ? { ...e, state: 'waiting', nextAttemptAt: 0 } : e));
}

export function countsOf(list: readonly OutboxEntry[]): Record<OutboxState, number> {
  const c: Record<OutboxState, number> = { waiting: 0, sending: 0, failed: 0 };
  for (const e of list) c[e.state] += 1;
  return c;
}

// ---------- Storage ----------

export const outboxKey = (operationId: string) => `actionday:finding-outbox:${operationId}`;

function isEntry(v: unknown): v is OutboxEntry {
  if (!v || typeof v !== 'object') return false;
  const e = v as Partial<OutboxEntry>;
  return (
    typeof e.clientId === 'string' &&
    typeof e.operationId === 'string' &&
    !!e.body &&
    typeof e.body === 'object' &&
    (e.state === 'waiting' || e.state === 'sending' || e.state === 'failed')
  );
}

/**
 * Reads the outbox of an operation. An entry left "sending" (the tab was reloaded during the
 * request) waits again: it may or may not have reached the server, and a retry is safe.
 */
export function parseOutbox(raw: string | null): OutboxEntry[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(isEntry).map((e) => ({
      ...e,
      state: e.state === 'sending' ? 'waiting' : e.state,
      nextAttemptAt: e.state === 'sending' ? 0 : Number(e.nextAttemptAt) || 0,
      attempts: Number(e.attempts) || 0,
      details: Array.isArray(e.details) ? e.details : [],
      draft: e.draft ?? null,
      targetId: e.targetId ?? null,
      targetLabel: e.targetLabel ?? null,
      userId: e.userId ?? null,
      message: e.message ?? null,
    }));
  } catch {
    return [];
  }
}

export function loadOutbox(operationId: string, storage: KeyValueStorage | null): OutboxEntry[] {
  try {
    return parseOutbox(storage?.getItem(outboxKey(operationId)) ?? null);
  } catch {
    return [];
  }
}

/** False when the storage refused (full or disabled): the entries then only live in memory. */
export function saveOutbox(operationId: string, list: readonly OutboxEntry[], storage: KeyValueStorage | null): boolean {
  if (!storage) return false;
  try {
    if (list.length === 0) storage.removeItem(outboxKey(operationId));
    else storage.setItem(outboxKey(operationId), JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}
