import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type CreateTeamRequest, type Team } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertTeam, teamKeys } from '../../../entities/operations';

export function createTeam(operationId: string, body: CreateTeamRequest): Promise<Team> {
  return apiRequest<Team>(apiPaths.teams(operationId), { method: 'POST', body });
}

export function useCreateTeam(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTeamRequest) => createTeam(operationId, body),
    onSuccess: (team) => {
      queryClient.setQueryData<Team[]>(teamKeys.list(operationId), (old) => upsertTeam(old, team));
    },
  });
}
