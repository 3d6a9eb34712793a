import type { Finding, Indicator } from '@actionday/contracts';
import { findingKeys, indicatorKeys, upsertFinding, upsertIndicator } from '../../entities/findings';
import { liveHandler, type LiveEventHandler } from '../../shared/live-handlers';

/** Finding events patch the one list of findings; an added indicator joins the catalogue. */
export const findingsLiveHandlers: LiveEventHandler[] = [
  liveHandler({
    types: ['finding.created', 'finding.updated'],
    section: 'findings',
    // One list of every finding: the findings tab and the review queue are views of it, so a
    // review by another coordinator moves the row out of the queue without a refetch.
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Finding[]>(findingKeys.list(operationId), (old) => upsertFinding(old, e.data.finding));
    },
  }),
  liveHandler({
    types: ['indicator.created'],
    section: 'indicators',
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Indicator[]>(indicatorKeys.list(operationId), (old) => upsertIndicator(old, e.data.indicator));
    },
  }),
];
