import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return typeof status === 'number' ? status : undefined;
}

/**
 * One query client for the app. When any call finds the session gone (401), the user is
 * sent to sign in and brought back to the page they were on.
 */
export function makeQueryClient(onSessionExpired: () => void): QueryClient {
  const handle = (error: unknown) => {
    if (httpStatusOf(error) !== 401) return;
    // What we cached belongs to the session that ended; keeping it would show its pages again.
    client.removeQueries();
    onSessionExpired();
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: handle }),
    mutationCache: new MutationCache({ onError: handle }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Keep showing the rows we have while a refetch runs.
        placeholderData: (previous: unknown) => previous,
        retry: (failures, error) => failures < 2 && (httpStatusOf(error) ?? 500) >= 500,
      },
    },
  });
  return client;
}
