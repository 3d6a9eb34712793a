import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Operation } from '@actionday/contracts';
import { refetchFrozenTallies, useTallies } from './api/get-tallies';

/**
 * The tallies of an operation whose status is known: once it is closed, live figures in the
 * cache are replaced by the frozen snapshot, even when the operation.updated event was missed
 * (socket down while closing). The event path asks for the same read: it happens once.
 */
export function useOperationTallies(operation: Pick<Operation, 'id' | 'status'>) {
  const tallies = useTallies(operation.id);
  const queryClient = useQueryClient();
  const stale = operation.status === 'closed' && tallies.data !== undefined && !tallies.data.frozen;
  useEffect(() => {
    if (stale) refetchFrozenTallies(queryClient, operation.id);
  }, [stale, queryClient, operation.id]);
  // Only what the pages read: spreading the query result would subscribe them to every field.
  return { data: tallies.data, error: tallies.error, isPending: tallies.isPending, refetch: tallies.refetch, awaitingFrozen: stale };
}
