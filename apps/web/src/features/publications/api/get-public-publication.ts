import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Publication } from '@actionday/contracts';
import { publicRequest } from '../../../shared/api-client';
import { publicationKeys } from './keys';

/** Without a token or cookie: the page is for visitors who never signed in. */
export function getPublicPublication(slug: string, signal?: AbortSignal): Promise<Publication> {
  return publicRequest<Publication>(apiPaths.publicPublication(slug), signal);
}

/** A publication never changes once published: read once per visit. */
export const publicPublicationQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: publicationKeys.public(slug),
    queryFn: ({ signal }) => getPublicPublication(slug, signal),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

export function usePublicPublication(slug: string) {
  return useQuery(publicPublicationQueryOptions(slug));
}
