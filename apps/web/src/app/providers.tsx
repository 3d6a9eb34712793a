import { useEffect, useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../shared/api-client';
import { getSession, refreshSession, subscribeSession } from '../shared/session';
import { closeLiveSocket } from '../shared/socket';

/** Pages for the public (published summaries): no session is restored there, nothing is asked of the API but the page. */
export const PUBLIC_PATH_PREFIX = '/p/';

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will answer the same again; network trouble and 5xx get two more tries.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) && failureCount < 2,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}

/**
 * Query cache and session: the session is restored from the refresh cookie on start, except on a
 * public page (RequireAuth restores it if the visitor goes on into the app).
 */
export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);

  useEffect(() => {
    if (getSession().status === 'restoring' && !window.location.pathname.startsWith(PUBLIC_PATH_PREFIX)) void refreshSession();
    let previous = getSession().status;
    return subscribeSession(() => {
      const { status } = getSession();
      if (status === 'signed-out' && previous !== 'signed-out') {
        // Nothing of the previous user may stay around: cached data and the authenticated socket.
        closeLiveSocket();
        queryClient.clear();
      }
      previous = status;
    });
  }, [queryClient]);

  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
