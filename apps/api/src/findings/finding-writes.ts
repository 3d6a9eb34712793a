import type { Finding } from '@actionday/contracts';
import type { EntityManager } from 'typeorm';
import { notFound } from '../common/errors';
import { ValidationFailed } from '../common/zod-pipe';
import type { OperationTx } from '../journal/operation-tx';
import { versionsOf } from '../policy/event-versions';
import type { FindingEntity } from './finding.entity';
import { findingForViewer } from './findings.mapper';
import type { FindingsRepository } from './findings.repository';

/** What creating and reviewing findings share: the event of a changed finding, and the lookups a write starts with. */

/** Each audience gets the finding as the lists would show it to them. */
export function emitFinding(
  tx: OperationTx,
  type: 'finding.created' | 'finding.updated',
  dto: Finding,
  restrictedTeamIds: string[] | null,
  originalRestriction: string[] | null = null,
  actorId: string | null = tx.actorId,
): void {
  tx.emitVersions(type, versionsOf(restrictedTeamIds ?? [], (viewer) => ({ finding: findingForViewer(dto, restrictedTeamIds, viewer, originalRestriction) })), actorId);
}

/** A finding of the operation named by a request field (`path`), or a 400 on that field. */
export async function requireFinding(repo: FindingsRepository, m: EntityManager, operationId: string, id: string, path: string): Promise<FindingEntity> {
  const row = await repo.findInOperation(operationId, id, m);
  if (!row) throw new ValidationFailed([{ path, message: 'no such item in this operation' }]);
  return row;
}

/** The operation of a finding; 404 for an unknown one. */
export async function operationOfFinding(repo: FindingsRepository, findingId: string): Promise<string> {
  const operationId = await repo.operationOf(findingId);
  if (!operationId) throw notFound('finding');
  return operationId;
}
