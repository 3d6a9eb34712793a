export { tallyKeys, talliesQueryOptions, useTallies } from './api/get-tallies';
export { TallyPanel } from './components/tally-panel';
export { TalliesPage } from './components/tallies-page';
