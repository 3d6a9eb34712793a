import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type Finding, type Page } from '@actionday/contracts';
import { apiRequest, MAX_PAGE_SIZE } from '../../../shared/api-client';
import { findingKeys, upsertFinding } from '../../findings';

/**
 * The current state of one finding. There is no GET /findings/:id, so this reads the narrowest
 * list that holds it (same type, team and target), page by page until it is found.
 */
export async function fetchFinding(operationId: string, finding: Pick<Finding, 'id' | 'type' | 'teamId' | 'targetId'>, signal?: AbortSignal): Promise<Finding | null> {
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const res: Page<Finding> = await apiRequest<Page<Finding>>(apiPaths.findings(operationId), {
      query: { type: finding.type, teamId: finding.teamId, targetId: finding.targetId, limit: MAX_PAGE_SIZE, cursor },
      signal,
    });
    const found = res.items.find((f) => f.id === finding.id);
    if (found) return found;
    cursor = res.nextCursor;
    if (!cursor) return null;
  }
  return null;
}

/** Reloads one finding into the cached list (e.g. after a 409), never refetching the whole list. */
export function useReloadFinding(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (finding: Finding) => fetchFinding(operationId, finding),
    onSuccess: (fresh) => {
      if (fresh) queryClient.setQueryData<Finding[]>(findingKeys.list(operationId), (old) => upsertFinding(old, fresh));
    },
  });
}
