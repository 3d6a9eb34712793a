export { publicationKeys } from './api/keys';
export { publicationsQueryOptions, usePublications } from './api/get-publications';
export { upsertPublication } from './publication-cache';
export { PublishPage } from './components/publish-page';
export { PublicPublicationPage } from './components/public-publication-page';
export { publicationsLiveHandlers } from './live-handlers';
export { publicationsLiveFeed } from './live-feed';
