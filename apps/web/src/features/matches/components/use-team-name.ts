import { useCallback, useMemo } from 'react';
import { useTeams } from '../../../entities/operations';
import type { TeamNameLookup } from '../match-view';

/** Team names from the operation's teams query (kept live by team.updated events). */
export function useTeamName(operationId: string): TeamNameLookup {
  const teams = useTeams(operationId);
  const names = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  return useCallback((id: string | null) => (id ? (names.get(id) ?? null) : null), [names]);
}
