export { LogFindingForm } from './components/log-finding-form';
export { FindingsPage } from './components/findings-page';
export type { FindingsPageProps, IdentifierActionsProps } from './components/findings-page';
export type { LogFindingFormProps } from './components/log-finding-form';
export { IndicatorCatalogue } from './components/indicator-catalogue';
export { PendingFindings } from './components/pending-findings';
export { useFindingOutbox, hasPendingFindings, useOnline } from './use-finding-outbox';
export { findingsLiveHandlers } from './live-handlers';
export { findingsLiveFeed } from './live-feed';
// Moved to the findings entity (a read model the review queue and the tallies share); still here
// for the components that render it.
export { FindingTypeOptions } from '../../entities/findings';
