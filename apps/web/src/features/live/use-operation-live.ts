import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { LiveBaseline, LiveEventHandler } from '../../shared/live-handlers';
import { getLiveSocket } from '../../shared/socket';
import { OperationLiveSession, type LiveSnapshot } from './live-session';

/** What the app composes into the live session: every feature's handlers, and where the stream starts. */
export interface LiveComposition {
  handlers: readonly LiveEventHandler[];
  baseline: LiveBaseline;
}

/**
 * Keeps the cache of one operation live while the page is open: see OperationLiveSession.
 * One socket for the app; this subscribes to the operation and unsubscribes on unmount.
 * `live` should be stable (a module constant): a new one starts a new session.
 */
export function useOperationLive(operationId: string, currentUserId: string | null, live: LiveComposition): LiveSnapshot {
  const queryClient = useQueryClient();
  const { handlers, baseline } = live;
  const session = useMemo(
    () => new OperationLiveSession({ queryClient, operationId, currentUserId, getSocket: getLiveSocket, handlers, baseline }),
    [queryClient, operationId, currentUserId, handlers, baseline],
  );
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
}
