export { findingKeys } from './api/keys';
export { findingsQueryOptions, useFindings } from './api/get-findings';
export { upsertFinding } from './finding-cache';
export { summarizeFinding } from './finding-summary';
export { LogFindingForm } from './components/log-finding-form';
export { FindingsPage } from './components/findings-page';
