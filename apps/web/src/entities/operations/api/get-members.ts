import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPaths, type Member } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { LIVE_STALE_TIME } from '../../../shared/query-keys';
import { memberKeys } from './keys';

export async function getMembers(operationId: string, signal?: AbortSignal): Promise<Member[]> {
  const res = await apiRequest<{ items: Member[] }>(apiPaths.members(operationId), { signal });
  return res.items;
}

export const membersQueryOptions = (operationId: string) =>
  queryOptions({
    queryKey: memberKeys.list(operationId),
    queryFn: ({ signal }) => getMembers(operationId, signal),
    staleTime: LIVE_STALE_TIME,
  });

export function useMembers(operationId: string, enabled = true) {
  return useQuery({ ...membersQueryOptions(operationId), enabled });
}

export function upsertMember(list: Member[] | undefined, member: Member): Member[] | undefined {
  if (!list) return list;
  const i = list.findIndex((m) => m.userId === member.userId);
  if (i === -1) return [...list, member];
  if (list[i].version > member.version) return list;
  const next = list.slice();
  next[i] = member;
  return next;
}
