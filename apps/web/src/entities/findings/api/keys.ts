import { operationScope } from '../../../shared/query-keys';

export const findingKeys = {
  all: (operationId: string) => [...operationScope(operationId), 'findings'] as const,
  /** Every finding of the operation the caller may see, newest first. */
  list: (operationId: string) => [...findingKeys.all(operationId), 'list'] as const,
};
