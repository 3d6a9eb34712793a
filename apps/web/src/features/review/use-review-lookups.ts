import { useMemo } from 'react';
import type { Finding } from '@actionday/contracts';
import { summarizeFinding, useIndicatorLabel } from '../../entities/findings';
import { useMembers, useTeams } from '../../entities/operations';
import { useTargets } from '../../entities/targets';
import type { RowLookups } from './components/review-row';

/** Names the rows of the queue: teams, targets, members, findings and indicators, from the cache. */
export function useReviewLookups(operationId: string, findings: readonly Finding[]): RowLookups {
  const teams = useTeams(operationId);
  // Target values label the rows; the list is kept live by target events once loaded.
  const targets = useTargets(operationId);
  const members = useMembers(operationId);
  const indicatorLabel = useIndicatorLabel(operationId);
  return useMemo(() => {
    const teamName = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
    const targetValue = new Map((targets.data ?? []).map((t) => [t.id, t.value]));
    const memberName = new Map((members.data ?? []).map((m) => [m.userId, m.displayName]));
    const byId = new Map(findings.map((f) => [f.id, f]));
    return {
      teamName: (id) => (id ? (teamName.get(id) ?? null) : null),
      targetValue: (id) => (id ? (targetValue.get(id) ?? null) : null),
      memberName: (id) => (id ? (memberName.get(id) ?? null) : null),
      summary: summarizeFinding,
      finding: (id) => (id ? byId.get(id) : undefined),
      indicatorLabel,
    };
  }, [teams.data, targets.data, members.data, findings, indicatorLabel]);
}
