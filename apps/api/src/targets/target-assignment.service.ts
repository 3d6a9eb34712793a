import { Injectable } from '@nestjs/common';
import type { AssignmentRequest, AssignmentResponse, AutoAssignRequest, AutoAssignResponse } from '@actionday/contracts';
import { targetDelta } from '@actionday/tallies';
import type { AuthUser, OperationAccess } from '../auth/auth.decorators';
import { conflict, notFound } from '../common/errors';
import { JournalService } from '../journal/journal.service';
import type { OperationTx } from '../journal/operation-tx';
import { OperationRecordsService } from '../operations/operation-records.service';
import { proposeAssignments } from './auto-assign';
import type { TargetEntity } from './target.entity';
import { targetTallyState, toTargetDto, toTargetPatch } from './targets.mapper';
import { TargetsRepository } from './targets.repository';

/** Who examines which target: assignment by hand (in bulk) and by rule (auto-assign.ts). */
@Injectable()
export class TargetAssignmentService {
  constructor(
    private readonly repo: TargetsRepository,
    private readonly operations: OperationRecordsService,
    private readonly journal: JournalService,
  ) {}

  /** Bulk (re)assignment; `teamId: null` unassigns. One statement for the rows, one event for all. */
  async assign(user: AuthUser, access: OperationAccess, input: AssignmentRequest): Promise<AssignmentResponse> {
    const ids = [...new Set(input.targetIds)];
    return this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
      const team = input.teamId ? await this.operations.requireTeam(access.operationId, input.teamId, tx.manager) : null;
      const before = await this.repo.lockMany(tx.manager, tx.operationId, ids);
      if (before.length !== ids.length) throw notFound(`${ids.length - before.length} of the targets`);
      const done = before.filter((t) => t.status === 'done');
      if (done.length > 0) {
        throw conflict(`${done.length} target(s) are done and keep the team that examined them; reopen them first`, [
          { path: 'targetIds', message: done.slice(0, 20).map((t) => t.id).join(', ') },
        ]);
      }
      const after = await this.moveToTeam(tx, before.filter((t) => t.teamId !== (team?.id ?? null)), team);
      const updated = new Map(after.map((t) => [t.id, t]));
      return { updated: before.map((t) => toTargetDto(updated.get(t.id) ?? t)) };
    });
  }

  /**
   * Rule-based assignment (see auto-assign.ts) of the given targets, or of every unassigned one.
   * The preview and the application run the same rule; applying re-reads and locks the rows, so
   * a target assigned by hand in between is left alone.
   */
  async autoAssign(user: AuthUser, access: OperationAccess, input: AutoAssignRequest): Promise<AutoAssignResponse> {
    return this.journal.write(access.operationId, user.id, 'prepare', async (tx) => {
      const teams = await this.operations.teamsOf(access.operationId, tx.manager);
      const loads = await this.repo.openLoad(access.operationId, tx.manager);
      const candidates = await this.repo.unassigned(tx.manager, access.operationId, input.targetIds, input.apply);
      const plan = proposeAssignments(candidates, teams, loads);
      const response: AutoAssignResponse = {
        applied: input.apply,
        proposals: plan.proposals,
        unmatched: plan.unmatched,
        loadAfter: Object.fromEntries(plan.loadAfter),
      };
      if (!input.apply || plan.proposals.length === 0) return response;
      const byId = new Map(candidates.map((t) => [t.id, t]));
      const teamById = new Map(teams.map((t) => [t.id, t]));
      const updated: TargetEntity[] = [];
      for (const [teamId, proposals] of groupBy(plan.proposals, (p) => p.teamId)) {
        updated.push(...(await this.moveToTeam(tx, proposals.map((p) => byId.get(p.targetId)!), teamById.get(teamId)!)));
      }
      return { ...response, updated: updated.map(toTargetDto) };
    });
  }

  /** Moves locked targets to a team (or back to unassigned), with their event and tally changes. */
  private async moveToTeam(tx: OperationTx, targets: TargetEntity[], team: { id: string; country: string | null } | null): Promise<TargetEntity[]> {
    if (targets.length === 0) return [];
    const after = await this.repo.assign(
      tx.manager,
      targets.map((t) => t.id),
      team,
    );
    const patches = after.map(toTargetPatch);
    tx.audit({
      action: 'targets.assign',
      entityType: 'target',
      entityId: null,
      details: { teamId: team?.id ?? null, before: targets.map(toTargetPatch), after: patches },
    });
    tx.emit('target.updated', { targets: patches });
    const before = new Map(targets.map((t) => [t.id, t]));
    for (const t of after) tx.tally(targetDelta(targetTallyState(before.get(t.id)!), targetTallyState(t)));
    return after;
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
