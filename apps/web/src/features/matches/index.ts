export { matchKeys, filterOfMatchKey, type MatchFilter } from './api/keys';
export { matchesQueryOptions, useMatches } from './api/get-matches';
export { upsertMatch, matchFitsFilter, type MatchList } from './match-cache';
export { MatchesPage } from './components/matches-page';
export { MatchesSummary } from './components/matches-summary';
export { matchesLiveHandlers } from './live-handlers';
export { matchesLiveFeed } from './live-feed';
