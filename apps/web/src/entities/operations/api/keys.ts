import { operationScope } from '../../../shared/query-keys';

export const operationKeys = {
  all: ['operations'] as const,
  list: () => [...operationKeys.all, 'list'] as const,
  detail: (operationId: string) => [...operationScope(operationId), 'detail'] as const,
};

export const teamKeys = {
  list: (operationId: string) => [...operationScope(operationId), 'teams'] as const,
};

export const memberKeys = {
  list: (operationId: string) => [...operationScope(operationId), 'members'] as const,
};
