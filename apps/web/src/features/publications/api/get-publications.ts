import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Publication } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { LIVE_STALE_TIME } from '../../../shared/query-keys';
import { publicationKeys } from './keys';

export async function getPublications(operationId: string, signal?: AbortSignal): Promise<Publication[]> {
  const res = await apiRequest<{ items: Publication[] }>(apiPaths.publications(operationId), { signal });
  return res.items;
}

/** Kept current by publication.created events and by the organizer's own POST. */
export const publicationsQueryOptions = (operationId: string) =>
  queryOptions({
    queryKey: publicationKeys.list(operationId),
    queryFn: ({ signal }) => getPublications(operationId, signal),
    staleTime: LIVE_STALE_TIME,
  });

export function usePublications(operationId: string) {
  return useQuery(publicationsQueryOptions(operationId));
}
