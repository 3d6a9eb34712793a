import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type MeResponse } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { useSession } from '../use-session';

export const meKeys = {
  all: ['me'] as const,
  detail: () => [...meKeys.all, 'detail'] as const,
};

export function getMe(signal?: AbortSignal): Promise<MeResponse> {
  return apiRequest<MeResponse>(apiPaths.me, { signal });
}

export const meQueryOptions = () =>
  queryOptions({ queryKey: meKeys.detail(), queryFn: ({ signal }) => getMe(signal), staleTime: 60_000 });

export function useMe() {
  const session = useSession();
  return useQuery({ ...meQueryOptions(), enabled: session.status === 'signed-in' });
}
