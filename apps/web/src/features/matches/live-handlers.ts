import { liveHandler, type LiveEventHandler } from '../../shared/live-handlers';
import { filterOfMatchKey, matchKeys } from './api/keys';
import { upsertMatch, type MatchList } from './match-cache';

/** A new match goes into every loaded list of matches whose filter it fits (all, a team's, cross-border…). */
export const matchesLiveHandlers: LiveEventHandler[] = [
  liveHandler({
    types: ['correlation.match'],
    section: 'matches',
    apply: ({ queryClient: qc, operationId }, e) => {
      for (const [key] of qc.getQueriesData<MatchList>({ queryKey: matchKeys.all(operationId) })) {
        qc.setQueryData<MatchList>(key, (old) => upsertMatch(old, e.data.match, filterOfMatchKey(key)));
      }
    },
  }),
];
