import type { Member, Target, Team } from '@actionday/contracts';
import { memberKeys, membersQueryOptions, teamKeys, teamsQueryOptions } from '../entities/operations';
import { targetKeys } from '../entities/targets';
import type { FeedLookupsSource } from '../shared/live-feed';

/**
 * The live feed's names, from the operation's cached teams, members and targets: read models of
 * several features, so composed here rather than in any one of them.
 */
export const operationFeedLookups: FeedLookupsSource = {
  read: ({ queryClient: qc, operationId }) => {
    const teams = qc.getQueryData<Team[]>(teamKeys.list(operationId)) ?? [];
    const members = qc.getQueryData<Member[]>(memberKeys.list(operationId)) ?? [];
    const targets = qc.getQueryData<Target[]>(targetKeys.list(operationId));
    let targetIndex: Map<string, Target> | null = null;
    return {
      teamName: (id) => (id ? (teams.find((t) => t.id === id)?.name ?? null) : null),
      memberName: (id) => (id ? (members.find((m) => m.userId === id)?.displayName ?? null) : null),
      teamExists: (id) => teams.some((t) => t.id === id),
      memberExists: (id) => members.some((m) => m.userId === id),
      target: (id) => {
        if (!id || !targets) return null;
        targetIndex ??= new Map(targets.map((t) => [t.id, t]));
        return targetIndex.get(id) ?? null;
      },
    };
  },
  // Names of who did what (and who is online): every member may list the teams and the members.
  load: async ({ queryClient: qc, operationId }) => {
    await Promise.all([qc.ensureQueryData(teamsQueryOptions(operationId)).catch(() => []), qc.ensureQueryData(membersQueryOptions(operationId)).catch(() => [])]);
  },
  // Target values, if the page is loading them anyway (board, queue).
  awaited: ({ operationId }) => [targetKeys.list(operationId)],
};
