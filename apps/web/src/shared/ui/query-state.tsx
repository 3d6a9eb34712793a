import type { ReactNode } from 'react';
import { ErrorMessage } from './error-message';
import { Spinner } from './spinner';
import { Button } from './button';

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
}

/** Loading, error (with a retry) or the content of one query. */
export function QueryState<T>({
  query,
  label,
  children,
}: {
  query: QueryLike<T>;
  label?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) {
    return (
      <div className="query-error">
        <ErrorMessage error={query.error} />
        <Button size="small" onClick={() => void query.refetch()}>
          Retry
        </Button>
      </div>
    );
  }
  return <Spinner label={label} />;
}
