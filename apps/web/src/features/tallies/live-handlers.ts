import type { QueryClient } from '@tanstack/react-query';
import type { Tallies, Team } from '@actionday/contracts';
import { teamKeys } from '../../entities/operations';
import { refetchFrozenTallies, talliesQueryOptions, tallyKeys } from '../../entities/tallies';
import { liveHandler, type LiveBaseline, type LiveEventHandler } from '../../shared/live-handlers';
import { applyPendingTallies, applyVictimRelease, type PendingTallyEvent } from './tally-deltas';

/** Names a team that first appears in a delta from the cached teams. */
function teamNames(qc: QueryClient, operationId: string): (teamId: string) => string {
  const teams = qc.getQueryData<Team[]>(teamKeys.list(operationId)) ?? [];
  return (id) => teams.find((t) => t.id === id)?.name ?? '';
}

function applyDeltas(qc: QueryClient, operationId: string, pending: readonly PendingTallyEvent[]): void {
  const teamName = teamNames(qc, operationId);
  // The snapshot already includes every event up to its asOfSeq (e.g. a fresh reload).
  qc.setQueryData<Tallies>(tallyKeys.detail(operationId), (old) => applyPendingTallies(old, pending, teamName));
}

/**
 * The tallies are the live session's baseline: their asOfSeq is where this client's event stream
 * starts, so they are read first, fresh, and never replayed over (their seq guards them).
 */
export const talliesLiveBaseline: LiveBaseline = {
  section: 'tallies',
  load: async ({ queryClient, operationId }) => (await queryClient.fetchQuery({ ...talliesQueryOptions(operationId), staleTime: 0 })).asOfSeq,
};

export const talliesLiveHandlers: LiveEventHandler[] = [
  liveHandler({
    types: ['tally.updated'],
    section: 'tallies',
    apply: ({ queryClient, operationId }, e) => applyDeltas(queryClient, operationId, [{ seq: e.seq, deltas: e.data.deltas }]),
    // At 100 events/s, recomputing and re-rendering the tallies for each one would keep the page
    // busy: the session hands them over together.
    applyBatch: ({ queryClient, operationId }, events) =>
      applyDeltas(
        queryClient,
        operationId,
        events.map((e) => ({ seq: e.seq, deltas: e.data.deltas })),
      ),
  }),
  liveHandler({
    types: ['tally.released'],
    section: 'tallies',
    // Only for viewers whose victim figures are released (coordinators see them exact and live).
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Tallies>(tallyKeys.detail(operationId), (old) => applyVictimRelease(old, e.data));
    },
  }),
  liveHandler({
    types: ['team.updated'],
    section: 'tallies',
    // A renamed team keeps its figures: only its display name changes.
    apply: ({ queryClient: qc, operationId }, e) => {
      const team = e.data.team;
      qc.setQueryData<Tallies>(tallyKeys.detail(operationId), (old) =>
        old && old.byTeam.some((t) => t.teamId === team.id && t.name !== team.name)
          ? { ...old, byTeam: old.byTeam.map((t) => (t.teamId === team.id ? { ...t, name: team.name } : t)) }
          : old,
      );
    },
  }),
  liveHandler({
    types: ['operation.updated'],
    section: 'tallies',
    // Closed: the live figures give way to the frozen snapshot, read once (no more deltas come).
    apply: ({ queryClient, operationId }, e) => {
      if (e.data.operation.status === 'closed') refetchFrozenTallies(queryClient, operationId);
    },
  }),
];
