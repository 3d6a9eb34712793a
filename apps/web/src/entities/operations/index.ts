// The operation's read model: the operation, its teams and members, and what the caller's role
// lets them see and do. Kept live by the operations feature's live handlers.
export { operationKeys, teamKeys, memberKeys } from './api/keys';
export { useOperations, operationsQueryOptions } from './api/get-operations';
export { useOperation, operationQueryOptions } from './api/get-operation';
export { useTeams, teamsQueryOptions, upsertTeam } from './api/get-teams';
export { useMembers, membersQueryOptions, upsertMember } from './api/get-members';
export { operationPermissions, operationTabs, defaultTab, TAB_LABELS } from './permissions';
export type { OperationPermissions, OperationTab } from './permissions';
export { TeamOptions } from './components/team-options';
