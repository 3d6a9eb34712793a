import { operationScope } from '../../../shared/query-keys';

export const targetKeys = {
  all: (operationId: string) => [...operationScope(operationId), 'targets'] as const,
  /** Every target of the operation in one array (all pages): the board and the queues read it. */
  list: (operationId: string) => [...targetKeys.all(operationId), 'list'] as const,
};
