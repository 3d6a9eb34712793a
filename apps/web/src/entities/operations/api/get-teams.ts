import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Team } from '@actionday/contracts';
import { apiRequest, isApiError } from '../../../shared/api-client';
import { LIVE_STALE_TIME } from '../../../shared/query-keys';
import { teamKeys } from './keys';

export async function getTeams(operationId: string, signal?: AbortSignal): Promise<Team[]> {
  try {
    const res = await apiRequest<{ items: Team[] }>(apiPaths.teams(operationId), { signal });
    return res.items;
  } catch (e) {
    // A role that may not list teams still learns them from team.updated events.
    if (isApiError(e, 403)) return [];
    throw e;
  }
}

export const teamsQueryOptions = (operationId: string) =>
  queryOptions({
    queryKey: teamKeys.list(operationId),
    queryFn: ({ signal }) => getTeams(operationId, signal),
    staleTime: LIVE_STALE_TIME,
  });

export function useTeams(operationId: string) {
  return useQuery(teamsQueryOptions(operationId));
}

export function upsertTeam(list: Team[] | undefined, team: Team): Team[] | undefined {
  if (!list) return list;
  const i = list.findIndex((t) => t.id === team.id);
  if (i === -1) return [...list, team];
  if (list[i].version > team.version) return list;
  const next = list.slice();
  next[i] = team;
  return next;
}
