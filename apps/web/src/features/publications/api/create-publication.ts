import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type CreatePublicationRequest, type Publication } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertPublication } from '../publication-cache';
import { publicationKeys } from './keys';

export function createPublication(operationId: string, body: CreatePublicationRequest): Promise<Publication> {
  return apiRequest<Publication>(apiPaths.publications(operationId), { method: 'POST', body });
}

export function useCreatePublication(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePublicationRequest) => createPublication(operationId, body),
    onSuccess: (publication) => {
      queryClient.setQueryData<Publication[]>(publicationKeys.list(operationId), (old) => upsertPublication(old, publication));
    },
  });
}
