export { useOperationLive } from './use-operation-live';
export type { ConnectionState, FeedEntry, LiveSnapshot } from './live-session';
export { LiveStatus } from './components/live-status';
export { LiveFeed } from './components/live-feed';
export { PresenceList } from './components/presence-list';
export { useImportProgress } from './use-import-progress';
export { progressFraction } from './import-progress';
