import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { getLiveSocket } from '../../shared/socket';
import { OperationLiveSession, type LiveSnapshot } from './live-session';

/**
 * Keeps the cache of one operation live while the page is open: see OperationLiveSession.
 * One socket for the app; this subscribes to the operation and unsubscribes on unmount.
 */
export function useOperationLive(operationId: string, currentUserId: string | null): LiveSnapshot {
  const queryClient = useQueryClient();
  const session = useMemo(
    () => new OperationLiveSession({ queryClient, operationId, currentUserId, getSocket: getLiveSocket }),
    [queryClient, operationId, currentUserId],
  );
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
}
