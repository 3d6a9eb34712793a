export { refetchFrozenTallies, tallyKeys, talliesQueryOptions, useTallies } from './api/get-tallies';
export { useOperationTallies } from './use-operation-tallies';
export { TallyPanel } from './components/tally-panel';
export { TalliesPage } from './components/tallies-page';
export { FrozenBanner } from './components/frozen-banner';
