import { analyticsRouter } from './routers/analytics/index.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { liveRouter } from './routers/live.ts';
import { overviewRouter } from './routers/overview.ts';
import { paymentsRouter } from './routers/payments/index.ts';
import { savedViewsRouter } from './routers/saved-views.ts';
import { usersRouter } from './routers/users.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  overview: overviewRouter,
  analytics: analyticsRouter,
  live: liveRouter,
  payments: paymentsRouter,
  savedViews: savedViewsRouter,
});

export type AppRouter = typeof appRouter;
