// The operation's findings (one list, newest first) and its indicator catalogue, with the
// summary line and type options every view of a finding shares.
export { findingKeys } from './api/keys';
export { findingsQueryOptions, useFindings } from './api/get-findings';
export { upsertFinding } from './finding-cache';
export { summarizeFinding } from './finding-summary';
export { indicatorKeys, indicatorsQueryOptions, useIndicatorsQuery, upsertIndicator, BUILTIN_INDICATORS, INDICATORS_STALE_TIME } from './api/get-indicators';
export { useIndicators, useIndicatorLabel } from './use-indicators';
export { FindingTypeOptions } from './components/finding-type-options';
