import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type ApiKey, type CreateApiKeyRequest, type CreatedApiKey } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { operationScope } from '../../../shared/query-keys';

/** The operation's API keys: only coordinators and organizers read them, and only this feature shows them. */
export const apiKeyKeys = {
  list: (operationId: string) => [...operationScope(operationId), 'api-keys'] as const,
};

export async function getApiKeys(operationId: string, signal?: AbortSignal): Promise<ApiKey[]> {
  const res = await apiRequest<{ items: ApiKey[] }>(apiPaths.apiKeys(operationId), { signal });
  return res.items;
}

export const apiKeysQueryOptions = (operationId: string) =>
  queryOptions({ queryKey: apiKeyKeys.list(operationId), queryFn: ({ signal }) => getApiKeys(operationId, signal) });

export function useApiKeys(operationId: string) {
  return useQuery(apiKeysQueryOptions(operationId));
}

export function createApiKey(operationId: string, body: CreateApiKeyRequest): Promise<CreatedApiKey> {
  return apiRequest<CreatedApiKey>(apiPaths.apiKeys(operationId), { method: 'POST', body });
}

/** The secret comes back once, in the mutation's result; the cached list only ever holds the key without it. */
export function useCreateApiKey(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyRequest) => createApiKey(operationId, body),
    onSuccess: ({ key }) => {
      queryClient.setQueryData<ApiKey[]>(apiKeyKeys.list(operationId), (old) => (old ? [key, ...old.filter((k) => k.id !== key.id)] : old));
    },
  });
}

export function revokeApiKey(operationId: string, keyId: string): Promise<void> {
  return apiRequest<void>(apiPaths.apiKey(operationId, keyId), { method: 'DELETE' });
}

export function useRevokeApiKey(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => revokeApiKey(operationId, keyId),
    // The revocation time is the server's: read the list again.
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.list(operationId) }),
  });
}
