export { useOperationLive, type LiveComposition } from './use-operation-live';
export type { ConnectionState, FeedEntry, LiveSnapshot } from './live-store';
export { LiveStatus } from './components/live-status';
export { LiveFeed } from './components/live-feed';
export { PresenceList } from './components/presence-list';
