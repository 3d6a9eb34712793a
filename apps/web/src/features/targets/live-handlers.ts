import type { Target } from '@actionday/contracts';
import { patchTargets, targetKeys, upsertTargets } from '../../entities/targets';
import { liveHandler, type LiveEventHandler } from '../../shared/live-handlers';

/** Target events patch the operation's one cached list of targets (section `targets`). */
export const targetsLiveHandlers: LiveEventHandler[] = [
  liveHandler({
    types: ['target.created'],
    section: 'targets',
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Target[]>(targetKeys.list(operationId), (old) => upsertTargets(old, [e.data.target]));
    },
  }),
  liveHandler({
    types: ['target.updated'],
    section: 'targets',
    apply: ({ queryClient: qc, operationId }, e) => {
      const before = qc.getQueryData<Target[]>(targetKeys.list(operationId));
      qc.setQueryData<Target[]>(targetKeys.list(operationId), (old) => patchTargets(old, e.data.targets));
      // A target made from a finding may be restricted to the teams it belongs to: when it moves
      // to another team, what this viewer may see of it changes (its value, in or out): read it again.
      const moved = new Map(e.data.targets.map((p) => [p.id, p.teamId]));
      if (before?.some((t) => (t.sourceFindingId !== null || t.redacted ? moved.has(t.id) && moved.get(t.id) !== t.teamId : false))) {
        void qc.invalidateQueries({ queryKey: targetKeys.list(operationId) });
      }
    },
  }),
  liveHandler({
    types: ['targets.imported'],
    section: 'targets',
    // Thousands of rows at once: cheaper to read them than to carry them in an event.
    apply: ({ queryClient: qc, operationId }) => void qc.invalidateQueries({ queryKey: targetKeys.all(operationId) }),
  }),
];
