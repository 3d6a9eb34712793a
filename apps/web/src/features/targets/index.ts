export { targetKeys } from './api/keys';
export { targetsQueryOptions, useTargets, useCachedTargets } from './api/get-targets';
export { upsertTargets, patchTargets } from './target-cache';
export { useAssignTargets } from './api/assign-targets';
export { useSnowball, snowball } from './api/snowball';
export { BoardPage } from './components/board-page';
export { MyQueuePage } from './components/queue-page';
export type { MyQueuePageProps } from './components/queue-page';
