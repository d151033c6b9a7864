import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouteErrorPage } from '../features/errors/route-error-page.tsx';
import { LoadingState } from '../shared/page-states.tsx';
import { AppShell } from './app-shell.tsx';

function PageLoading() {
  return <LoadingState label="Loading page" />;
}

/**
 * A screen fetched on demand. When the app starts on that screen, the router waits for its
 * chunk before it can draw anything; without a fallback that wait is a blank page, so the
 * skeleton stands in (inside the shell for screens under it).
 */
function onDemand(load: () => Promise<ComponentType>) {
  return {
    HydrateFallback: PageLoading,
    lazy: async () => ({ Component: await load() }),
  };
}

// Each feature is its own chunk, loaded when its route is first visited.
export const router = createBrowserRouter([
  {
    path: '/sign-in',
    ErrorBoundary: RouteErrorPage,
    ...onDemand(async () => (await import('../features/auth/sign-in-page.tsx')).SignInPage),
  },
  {
    path: '/',
    Component: AppShell,
    ErrorBoundary: RouteErrorPage,
    children: [
      { index: true, ...onDemand(async () => (await import('../features/overview/overview-page.tsx')).OverviewPage) },
      { path: 'analytics', ...onDemand(async () => (await import('../features/analytics/analytics-page.tsx')).AnalyticsPage) },
      { path: 'payments/*', ...onDemand(async () => (await import('../features/payments/payments-routes.tsx')).PaymentsRoutes) },
      { path: 'payouts/*', ...onDemand(async () => (await import('../features/payouts/payouts-routes.tsx')).PayoutsRoutes) },
      { path: 'refunds/*', ...onDemand(async () => (await import('../features/refunds/refunds-routes.tsx')).RefundsRoutes) },
      { path: 'admin/*', ...onDemand(async () => (await import('../features/admin/admin-routes.tsx')).AdminRoutes) },
      { path: '*', ...onDemand(async () => (await import('../features/errors/not-found-page.tsx')).NotFoundPage) },
    ],
  },
]);
