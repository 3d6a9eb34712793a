import { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@actionday/contracts';
import { applyLiveEvent, type LiveContext, type LiveEventHandler, sectionOfKey } from '../shared/live-handlers';

/** One feature's live handlers alone, applied to a fresh query cache as the live session applies them. */
export function liveHandlersHarness(handlers: readonly LiveEventHandler[], operationId: string) {
  return {
    setup() {
      const queryClient = new QueryClient();
      const ctx: LiveContext = { queryClient, operationId, currentUserId: 'me' };
      return { queryClient, ctx };
    },
    applyEventToCache: (ctx: LiveContext, e: LiveEvent, only?: string) => applyLiveEvent(handlers, ctx, e, only),
    sectionOfKey: (queryKey: readonly unknown[], ofOperation: string) => sectionOfKey(handlers, queryKey, ofOperation),
  };
}
