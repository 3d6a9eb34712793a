export { OperationsListPage } from './components/operations-list-page';
export { OperationShell } from './components/operation-shell';
export { TeamsMembersPage } from './components/teams-members-page';
export type { TeamsMembersPageProps } from './components/teams-members-page';
export { TlpSetting } from './components/tlp-setting';
export { operationsLiveHandlers } from './live-handlers';
export { operationsLiveFeed } from './live-feed';
// Moved to the operations entity (every team picker uses it); still here for who renders it.
export { TeamOptions } from '../../entities/operations';
