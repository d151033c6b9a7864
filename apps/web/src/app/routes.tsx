import { createBrowserRouter } from 'react-router';
import { AppShell } from './app-shell.tsx';
import { RouteErrorPage } from '../features/errors/route-error-page.tsx';

// Each feature is its own chunk, loaded when its route is first visited.
export const router = createBrowserRouter([
  {
    path: '/',
    Component: AppShell,
    ErrorBoundary: RouteErrorPage,
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('../features/overview/overview-page.tsx')).OverviewPage }),
      },
      {
        path: '*',
        lazy: async () => ({ Component: (await import('../features/errors/not-found-page.tsx')).NotFoundPage }),
      },
    ],
  },
]);
