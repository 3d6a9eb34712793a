import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { FeedLookupsSource, LiveFeedDescriber } from '../../shared/live-feed';
import type { LiveBaseline, LiveEventHandler } from '../../shared/live-handlers';
import { getLiveSocket } from '../../shared/socket';
import { OperationLiveSession, type LiveSnapshot } from './live-session';

/**
 * What the app composes into the live session: every feature's handlers, where the stream starts,
 * how every feature's events read in the feed and where the feed's names come from.
 */
export interface LiveComposition {
  handlers: readonly LiveEventHandler[];
  baseline: LiveBaseline;
  describers: readonly LiveFeedDescriber[];
  feedLookups: FeedLookupsSource;
}

/**
 * Keeps the cache of one operation live while the page is open: see OperationLiveSession.
 * One socket for the app; this subscribes to the operation and unsubscribes on unmount.
 * `live` should be stable (a module constant): a new one starts a new session.
 */
export function useOperationLive(operationId: string, currentUserId: string | null, live: LiveComposition): LiveSnapshot {
  const queryClient = useQueryClient();
  const { handlers, baseline, describers, feedLookups } = live;
  const session = useMemo(
    () => new OperationLiveSession({ queryClient, operationId, currentUserId, getSocket: getLiveSocket, handlers, baseline, describers, feedLookups }),
    [queryClient, operationId, currentUserId, handlers, baseline, describers, feedLookups],
  );
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
}
