import type { Member, Operation, Team } from '@actionday/contracts';
import { memberKeys, operationKeys, teamKeys, upsertMember, upsertTeam } from '../../entities/operations';
import { liveHandler, type LiveEventHandler } from '../../shared/live-handlers';

/** Merges a core operation into a cached one, keeping the caller's own role and team. */
export function mergeOperation(old: Operation | undefined, core: Omit<Operation, 'myRole' | 'myTeamId'>): Operation | undefined {
  if (!old || old.version > core.version) return old;
  return { ...old, ...core, myRole: old.myRole, myTeamId: old.myTeamId };
}

/** The operation itself (its detail and its row in the list), its teams and its members. */
export const operationsLiveHandlers: LiveEventHandler[] = [
  liveHandler({
    types: ['operation.updated'],
    section: 'detail',
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Operation>(operationKeys.detail(operationId), (old) => mergeOperation(old, e.data.operation));
    },
  }),
  liveHandler({
    types: ['operation.updated'],
    // The list of operations is outside the operation's scope: patched live, never replayed.
    section: null,
    apply: ({ queryClient: qc }, e) => {
      const core = e.data.operation;
      qc.setQueryData<Operation[]>(operationKeys.list(), (old) => old?.map((o) => (o.id === core.id ? (mergeOperation(o, core) ?? o) : o)));
    },
  }),
  liveHandler({
    types: ['team.updated'],
    section: 'teams',
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Team[]>(teamKeys.list(operationId), (old) => upsertTeam(old, e.data.team));
    },
  }),
  liveHandler({
    types: ['member.updated'],
    section: 'members',
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Member[]>(memberKeys.list(operationId), (old) => upsertMember(old, e.data.member));
    },
  }),
  liveHandler({
    types: ['member.updated'],
    section: 'detail',
    apply: ({ queryClient: qc, operationId, currentUserId }, e) => {
      const m = e.data.member;
      if (!currentUserId || m.userId !== currentUserId) return;
      // My own role or team changed: the tabs and permissions follow at once.
      qc.setQueryData<Operation>(operationKeys.detail(operationId), (old) =>
        old && (old.myRole !== m.role || old.myTeamId !== m.teamId) ? { ...old, myRole: m.role, myTeamId: m.teamId } : old,
      );
    },
  }),
  liveHandler({
    types: ['member.removed'],
    section: 'members',
    apply: ({ queryClient: qc, operationId }, e) => {
      qc.setQueryData<Member[]>(memberKeys.list(operationId), (old) => old?.filter((m) => m.userId !== e.data.userId));
    },
  }),
];
