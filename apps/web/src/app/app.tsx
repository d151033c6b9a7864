import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { useState } from 'react';
import { RouterProvider } from 'react-router/dom';
import type { AppRouter } from '@paydesk/api/router';
import { makeQueryClient } from './query-client.ts';
import { router } from './routes.tsx';
import { signInPathFor } from './session.tsx';
import { theme } from './theme.ts';
import { TRPCProvider } from './trpc.ts';

function goToSignIn(): void {
  const { location } = router.state;
  if (location.pathname === '/sign-in') return;
  void router.navigate(signInPathFor(location), { replace: true });
}

export function App() {
  const [queryClient] = useState(() => makeQueryClient(goToSignIn));
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          // Live updates arrive as server-sent events; everything else is batched HTTP.
          condition: (operation) => operation.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc' }),
          false: httpBatchLink({ url: '/api/trpc' }),
        }),
      ],
    }),
  );
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline />
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <RouterProvider router={router} />
        </TRPCProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
