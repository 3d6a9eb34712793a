import type { Publication } from '@actionday/contracts';
import { liveHandler, type LiveEventHandler } from '../../shared/live-handlers';
import { publicationKeys } from './api/keys';
import { upsertPublication } from './publication-cache';

/** A new publication joins the operation's list of publications, if it is loaded. */
export const publicationsLiveHandlers: LiveEventHandler[] = [
  liveHandler({
    types: ['publication.created'],
    section: 'publications',
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Publication[]>(publicationKeys.list(operationId), (old) => upsertPublication(old, e.data.publication));
    },
  }),
];
