import { createBrowserRouter } from 'react-router';
import { RouteErrorPage } from '../features/errors/route-error-page.tsx';
import { AppShell } from './app-shell.tsx';

// Each feature is its own chunk, loaded when its route is first visited.
export const router = createBrowserRouter([
  {
    path: '/sign-in',
    ErrorBoundary: RouteErrorPage,
    lazy: async () => ({ Component: (await import('../features/auth/sign-in-page.tsx')).SignInPage }),
  },
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
        path: 'analytics',
        lazy: async () => ({ Component: (await import('../features/analytics/analytics-page.tsx')).AnalyticsPage }),
      },
      {
        path: 'payments/*',
        lazy: async () => ({ Component: (await import('../features/payments/payments-routes.tsx')).PaymentsRoutes }),
      },
      {
        path: 'payouts/*',
        lazy: async () => ({ Component: (await import('../features/payouts/payouts-routes.tsx')).PayoutsRoutes }),
      },
      {
        path: 'refunds/*',
        lazy: async () => ({ Component: (await import('../features/refunds/refunds-routes.tsx')).RefundsRoutes }),
      },
      {
        path: 'admin/*',
        lazy: async () => ({ Component: (await import('../features/admin/admin-routes.tsx')).AdminRoutes }),
      },
      {
        path: '*',
        lazy: async () => ({ Component: (await import('../features/errors/not-found-page.tsx')).NotFoundPage }),
      },
    ],
  },
]);
