import type { QueryClient } from '@tanstack/react-query';
import type { Finding, LiveEvent, Member, Operation, Publication, Tallies, Target, Team } from '@actionday/contracts';
import { findingKeys, indicatorKeys, upsertFinding, upsertIndicator } from '../findings';
import { filterOfMatchKey, matchKeys, upsertMatch, type MatchList } from '../matches';
import { memberKeys, operationKeys, teamKeys, upsertMember, upsertTeam } from '../operations';
import { publicationKeys, upsertPublication } from '../publications';
import { refetchFrozenTallies, tallyKeys } from '../tallies';
import { patchTargets, targetKeys, upsertTargets } from '../targets';
import { applyPendingTallies } from './tally-coalescer';

/** The parts of an operation's cache that events patch; the third element of their query key. */
export type CacheSection = 'detail' | 'teams' | 'members' | 'targets' | 'findings' | 'matches' | 'indicators' | 'tallies' | 'publications';

export function sectionOfKey(queryKey: readonly unknown[], operationId: string): CacheSection | null {
  if (queryKey[0] !== 'op' || queryKey[1] !== operationId) return null;
  const section = queryKey[2];
  switch (section) {
    case 'detail':
    case 'teams':
    case 'members':
    case 'targets':
    case 'findings':
    case 'matches':
    case 'indicators':
    case 'tallies':
    case 'publications':
      return section;
    default:
      return null;
  }
}

export interface ApplyContext {
  queryClient: QueryClient;
  operationId: string;
  currentUserId: string | null;
}

/** Merges a core operation into a cached one, keeping the caller's own role and team. */
export function mergeOperation(old: Operation | undefined, core: Omit<Operation, 'myRole' | 'myTeamId'>): Operation | undefined {
  if (!old || old.version > core.version) return old;
  return { ...old, ...core, myRole: old.myRole, myTeamId: old.myTeamId };
}

/** One tally.updated event at once; the live session coalesces them instead (TallyCoalescer). */
function applyTallyEvent(old: Tallies | undefined, seq: number, event: Extract<LiveEvent, { type: 'tally.updated' }>, teamName: (id: string) => string): Tallies | undefined {
  // The snapshot already includes every event up to its asOfSeq (e.g. a fresh reload).
  return applyPendingTallies(old, [{ seq, deltas: event.data.deltas }], teamName);
}

/**
 * Patches the query cache with one event, by key; never refetches the world. Every patch is
 * idempotent (version or seq guarded), so replaying an event over data that already has it is
 * harmless. With `only`, touches just that section (used to replay events over a list that was
 * being fetched while they arrived).
 */
export function applyEventToCache(ctx: ApplyContext, e: LiveEvent, only?: CacheSection): void {
  const { queryClient: qc, operationId } = ctx;
  const touch = (s: CacheSection) => only === undefined || only === s;
  switch (e.type) {
    case 'target.created':
      if (touch('targets')) qc.setQueryData<Target[]>(targetKeys.list(operationId), (old) => upsertTargets(old, [e.data.target]));
      return;
    case 'target.updated':
      if (touch('targets')) qc.setQueryData<Target[]>(targetKeys.list(operationId), (old) => patchTargets(old, e.data.targets));
      return;
    case 'targets.imported':
      // Thousands of rows at once: cheaper to read them than to carry them in an event.
      if (touch('targets')) void qc.invalidateQueries({ queryKey: targetKeys.all(operationId) });
      return;
    case 'finding.created':
    case 'finding.updated':
      // One list of every finding: the findings tab and the review queue are views of it, so a
      // review by another coordinator moves the row out of the queue without a refetch.
      if (touch('findings')) qc.setQueryData<Finding[]>(findingKeys.list(operationId), (old) => upsertFinding(old, e.data.finding));
      return;
    case 'tally.updated':
      if (touch('tallies')) {
        const teams = qc.getQueryData<Team[]>(teamKeys.list(operationId)) ?? [];
        const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? '';
        qc.setQueryData<Tallies>(tallyKeys.detail(operationId), (old) => applyTallyEvent(old, e.seq, e, teamName));
      }
      return;
    case 'team.updated':
      if (touch('teams')) qc.setQueryData<Team[]>(teamKeys.list(operationId), (old) => upsertTeam(old, e.data.team));
      if (touch('tallies')) {
        // A renamed team keeps its figures: only its display name changes.
        const team = e.data.team;
        qc.setQueryData<Tallies>(tallyKeys.detail(operationId), (old) =>
          old && old.byTeam.some((t) => t.teamId === team.id && t.name !== team.name)
            ? { ...old, byTeam: old.byTeam.map((t) => (t.teamId === team.id ? { ...t, name: team.name } : t)) }
            : old,
        );
      }
      return;
    case 'member.updated': {
      const m = e.data.member;
      if (touch('members')) qc.setQueryData<Member[]>(memberKeys.list(operationId), (old) => upsertMember(old, m));
      if (touch('detail') && ctx.currentUserId && m.userId === ctx.currentUserId) {
        // My own role or team changed: the tabs and permissions follow at once.
        qc.setQueryData<Operation>(operationKeys.detail(operationId), (old) =>
          old && (old.myRole !== m.role || old.myTeamId !== m.teamId) ? { ...old, myRole: m.role, myTeamId: m.teamId } : old,
        );
      }
      return;
    }
    case 'operation.updated': {
      const core = e.data.operation;
      if (touch('detail')) qc.setQueryData<Operation>(operationKeys.detail(operationId), (old) => mergeOperation(old, core));
      if (only === undefined) {
        qc.setQueryData<Operation[]>(operationKeys.list(), (old) => old?.map((o) => (o.id === core.id ? (mergeOperation(o, core) ?? o) : o)));
      }
      // Closed: the live figures give way to the frozen snapshot, read once (no more deltas come).
      if (core.status === 'closed' && touch('tallies')) refetchFrozenTallies(qc, operationId);
      return;
    }
    case 'publication.created':
      if (touch('publications')) {
        qc.setQueryData<Publication[]>(publicationKeys.list(operationId), (old) => upsertPublication(old, e.data.publication));
      }
      return;
    case 'correlation.match':
      // Into every loaded list of matches whose filter it fits (all, a team's, cross-border…).
      if (touch('matches')) {
        for (const [key] of qc.getQueriesData<MatchList>({ queryKey: matchKeys.all(operationId) })) {
          qc.setQueryData<MatchList>(key, (old) => upsertMatch(old, e.data.match, filterOfMatchKey(key)));
        }
      }
      return;
    case 'indicator.created':
      if (touch('indicators')) qc.setQueryData(indicatorKeys.list(operationId), (old: Parameters<typeof upsertIndicator>[0]) => upsertIndicator(old, e.data.indicator));
      return;
  }
}
