import type { CreateFindingRequest } from '@actionday/contracts';
import { ApiError } from '../../shared/api-client';
import type { KeyValueStorage } from './finding-draft';
import {
  backoffMs,
  countsOf,
  deferWaiting,
  dueEntries,
  enqueue,
  isRetryable,
  loadOutbox,
  markSending,
  newEntry,
  nextWakeUp,
  outboxKey,
  parseOutbox,
  remove,
  retryFailed,
  saveOutbox,
  settle,
  shouldQueue,
  type OutboxEntry,
} from './outbox';

const OP = '11111111-1111-4111-8111-111111111111';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const body = (n: number): CreateFindingRequest => ({ clientId: id(n), type: 'suspect', alias: `S${n}` });
const entry = (n: number, patch: Partial<OutboxEntry> = {}): OutboxEntry => ({
  ...newEntry({ operationId: OP, body: body(n), draft: null, targetId: null, targetLabel: null, userId: 'u1' }, 1_000),
  ...patch,
});

describe('which failures are queued and retried', () => {
  it('retries when there was no answer, a 5xx, a throttle or an expired session', () => {
    expect(isRetryable(new ApiError(0, 'Network error', 'Cannot reach the server'))).toBe(true);
    expect(isRetryable(new TypeError('Failed to fetch'))).toBe(true);
    expect(isRetryable(new DOMException('timed out', 'TimeoutError'))).toBe(true);
    for (const status of [500, 502, 503, 504, 429, 408, 401]) expect(isRetryable(new ApiError(status, 'x', 'y'))).toBe(true);
  });
  it('does not retry what waiting cannot fix: validation, role, unknown operation, clientId reused', () => {
    for (const status of [400, 403, 404, 409, 413]) expect(isRetryable(new ApiError(status, 'x', 'y'))).toBe(false);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });
  it('queues anything while the browser says it is offline', () => {
    expect(shouldQueue(new ApiError(400, 'x', 'y'), false)).toBe(true);
    expect(shouldQueue(new ApiError(400, 'x', 'y'), true)).toBe(false);
    expect(shouldQueue(new ApiError(503, 'x', 'y'), true)).toBe(true);
  });
});

describe('backoffMs', () => {
  it('doubles from 2 s up to a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(backoffMs)).toEqual([2000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });
});

describe('state transitions', () => {
  it('enqueues new entries at the end and replaces one with the same clientId', () => {
    const list = enqueue(enqueue([], entry(1)), entry(2));
    expect(list.map((e) => e.clientId)).toEqual([id(1), id(2)]);
    const again = enqueue(list, entry(1, { message: 'again' }));
    expect(again.map((e) => e.message)).toEqual(['again', null]);
    expect(remove(again, id(1)).map((e) => e.clientId)).toEqual([id(2)]);
  });

  it('keeps the original clientId and body', () => {
    const e = entry(7);
    expect(e.clientId).toBe(id(7));
    expect(e.body).toEqual(body(7));
    expect(e).toMatchObject({ state: 'waiting', attempts: 0, nextAttemptAt: 0, queuedAt: new Date(1_000).toISOString() });
  });

  it('removes a sent entry', () => {
    const list = markSending([entry(1), entry(2)], id(1));
    expect(list[0].state).toBe('sending');
    expect(settle(list, id(1), 'sent', 5_000).map((e) => e.clientId)).toEqual([id(2)]);
  });

  it('puts an unreachable entry back to wait, with backoff', () => {
    const [e] = settle(markSending([entry(1)], id(1)), id(1), 'retry', 10_000, new ApiError(0, 'Network error', 'Cannot reach the server'));
    expect(e).toMatchObject({ state: 'waiting', attempts: 1, nextAttemptAt: 12_000, message: 'Cannot reach the server' });
    const [e2] = settle([e], id(1), 'retry', 20_000, new ApiError(503, 'x', 'Service Unavailable'));
    expect(e2).toMatchObject({ attempts: 2, nextAttemptAt: 24_000 });
  });

  it('fails a refused entry with the server message and field details, never dropping it', () => {
    const err = new ApiError(400, 'Bad Request', 'Validation failed', [{ path: 'nationality', message: 'must be an ISO code' }]);
    const [e] = settle([entry(1)], id(1), 'failed', 10_000, err);
    expect(e).toMatchObject({ state: 'failed', message: 'Validation failed', details: [{ path: 'nationality', message: 'must be an ISO code' }] });
    const [c] = settle([entry(2)], id(2), 'failed', 10_000, new ApiError(409, 'Conflict', 'clientId reused'));
    expect(c.state).toBe('failed');
    expect(c.message).toMatch(/different finding with this clientId/);
    expect(retryFailed([e], id(1))[0]).toMatchObject({ state: 'waiting', nextAttemptAt: 0 });
  });

  it('counts entries by state', () => {
    expect(countsOf([entry(1), entry(2, { state: 'failed' }), entry(3, { state: 'sending' })])).toEqual({ waiting: 1, sending: 1, failed: 1 });
  });
});

describe('dueEntries / nextWakeUp / deferWaiting', () => {
  const list = [
    entry(1, { nextAttemptAt: 0 }),
    entry(2, { nextAttemptAt: 5_000 }),
    entry(3, { state: 'failed' }),
    entry(4, { state: 'sending' }),
    entry(5, { userId: 'someone-else' }),
  ];
  it('sends waiting entries whose backoff is over, all waiting ones when forced, only the signed-in user’s', () => {
    expect(dueEntries(list, 1_000, { userId: 'u1' }).map((e) => e.clientId)).toEqual([id(1)]);
    expect(dueEntries(list, 1_000, { userId: 'u1', force: true }).map((e) => e.clientId)).toEqual([id(1), id(2)]);
    expect(dueEntries(list, 1_000, { userId: 'someone-else' }).map((e) => e.clientId)).toEqual([id(5)]);
  });
  it('wakes up for the earliest waiting entry of the user', () => {
    expect(nextWakeUp(list, 'u1')).toBe(0);
    expect(nextWakeUp(list.slice(1), 'u1')).toBe(5_000);
    expect(nextWakeUp([entry(3, { state: 'failed' })])).toBeNull();
  });
  it('makes the other waiting entries wait as long as the one that found the server down', () => {
    const next = deferWaiting(list, 4_000);
    expect(next.map((e) => e.nextAttemptAt)).toEqual([4_000, 5_000, 0, 0, 4_000]);
  });
});

describe('storage', () => {
  const storage = (): KeyValueStorage & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  };
  it('round-trips per operation and removes the key when empty', () => {
    const s = storage();
    expect(saveOutbox(OP, [entry(1), entry(2)], s)).toBe(true);
    expect(loadOutbox(OP, s).map((e) => e.clientId)).toEqual([id(1), id(2)]);
    expect(loadOutbox('another-op', s)).toEqual([]);
    expect(saveOutbox(OP, [], s)).toBe(true);
    expect(s.data.has(outboxKey(OP))).toBe(false);
    expect(outboxKey(OP).startsWith('actionday:')).toBe(true);
  });
  it('puts an entry left "sending" by a reload back to wait, due at once', () => {
    const [e] = parseOutbox(JSON.stringify([entry(1, { state: 'sending', nextAttemptAt: 99_000 })]));
    expect(e).toMatchObject({ state: 'waiting', nextAttemptAt: 0 });
  });
  it('ignores garbage', () => {
    expect(parseOutbox('nope')).toEqual([]);
    expect(parseOutbox('{}')).toEqual([]);
    expect(parseOutbox(JSON.stringify([{ clientId: 1 }, entry(1)])).length).toBe(1);
  });
  it('reports a storage that refuses', () => {
    const full: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(saveOutbox(OP, [entry(1)], full)).toBe(false);
    expect(saveOutbox(OP, [entry(1)], null)).toBe(false);
  });
});
