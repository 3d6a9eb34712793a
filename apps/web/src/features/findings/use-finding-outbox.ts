import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { getSession, subscribeSession } from '../../shared/session';
import { cacheCreatedFinding, createFinding } from './api/create-finding';
import { sessionStore } from './finding-draft';
import type { NewEntry, OutboxEntry } from './outbox';
import { OutboxStore, type OutboxSnapshot } from './outbox-store';

/**
 * One outbox per operation for the whole tab (module level, not per component): the form and the
 * "Pending findings" list share it, and it keeps retrying after the form is hidden.
 */
const stores = new Map<string, OutboxStore>();
let queryClientRef: QueryClient | null = null;
let wired = false;

function wireBrowser(): void {
  if (wired || typeof window === 'undefined') return;
  wired = true;
  // Back online: try everything now, whatever the backoff says.
  window.addEventListener('online', () => {
    for (const s of stores.values()) void s.flush({ force: true });
  });
  // The outbox lives in sessionStorage: closing the tab would lose what is still pending.
  window.addEventListener('beforeunload', (e) => {
    if ([...stores.values()].some((s) => s.entries.length > 0)) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
  let lastUser = getSession().user?.id ?? null;
  subscribeSession(() => {
    const session = getSession();
    if (session.status === 'signed-out' && session.reason === 'logout') {
      // Sign-out removed the stored entries with the drafts; forget the copies in memory too.
      for (const s of stores.values()) s.reset();
    }
    const user = session.user?.id ?? null;
    if (user && user !== lastUser) for (const s of stores.values()) void s.flush({ force: true });
    lastUser = user;
  });
}

export function outboxStore(operationId: string): OutboxStore {
  wireBrowser();
  let store = stores.get(operationId);
  if (!store) {
    store = new OutboxStore(operationId, {
      send: (body) => createFinding(operationId, body),
      storage: sessionStore(),
      now: () => Date.now(),
      isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
      currentUserId: () => getSession().user?.id ?? null,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      onSent: (finding) => {
        if (queryClientRef) cacheCreatedFinding(queryClientRef, operationId, finding);
      },
    });
    stores.set(operationId, store);
  }
  return store;
}

/** True when findings of this tab still wait to be sent (e.g. to warn before signing out). */
export function hasPendingFindings(): boolean {
  return [...stores.values()].some((s) => s.entries.length > 0);
}

export interface FindingOutbox extends OutboxSnapshot {
  add: (e: Omit<NewEntry, 'operationId' | 'userId'>) => OutboxEntry;
  retryNow: () => void;
  retry: (clientId: string) => void;
  take: (clientId: string) => OutboxEntry | undefined;
}

/** The operation's outbox; mounting it sends what a reload or a lost connection left behind. */
export function useFindingOutbox(operationId: string): FindingOutbox {
  const queryClient = useQueryClient();
  const store = outboxStore(operationId);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);

  useEffect(() => {
    queryClientRef = queryClient;
    void store.flush({ force: true });
  }, [store, queryClient]);

  const actions = useMemo(
    () => ({
      add: (e: Omit<NewEntry, 'operationId' | 'userId'>) => store.add({ ...e, operationId, userId: getSession().user?.id ?? null }),
      retryNow: () => void store.flush({ force: true, ignoreOffline: true }),
      retry: (clientId: string) => store.retry(clientId),
      take: (clientId: string) => store.take(clientId),
    }),
    [store, operationId],
  );
  return { ...snapshot, ...actions };
}

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/** navigator.onLine as state: false means surely offline. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine !== false,
    () => true,
  );
}
