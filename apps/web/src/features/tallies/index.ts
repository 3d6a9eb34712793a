export { TallyPanel } from './components/tally-panel';
export { TalliesPage } from './components/tallies-page';
export { FrozenBanner } from './components/frozen-banner';
export { talliesLiveBaseline, talliesLiveHandlers } from './live-handlers';
export { talliesLiveFeed } from './live-feed';
