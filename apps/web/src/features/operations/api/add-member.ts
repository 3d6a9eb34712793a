import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPaths, type AddMemberRequest, type Member } from '@actionday/contracts';
import { apiRequest } from '../../../shared/api-client';
import { upsertMember, memberKeys } from '../../../entities/operations';

export function addMember(operationId: string, body: AddMemberRequest): Promise<Member> {
  return apiRequest<Member>(apiPaths.members(operationId), { method: 'POST', body });
}

export function useAddMember(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddMemberRequest) => addMember(operationId, body),
    onSuccess: (member) => {
      queryClient.setQueryData<Member[]>(memberKeys.list(operationId), (old) => upsertMember(old, member));
    },
  });
}
