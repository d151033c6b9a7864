import { analyticsRouter } from './routers/analytics/index.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { inboxRouter } from './routers/inbox.ts';
import { liveRouter } from './routers/live.ts';
import { overviewRouter } from './routers/overview.ts';
import { paymentsRouter } from './routers/payments/index.ts';
import { payoutsRouter } from './routers/payouts/index.ts';
import { refundsRouter } from './routers/refunds/index.ts';
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
  inbox: inboxRouter,
  payments: paymentsRouter,
  savedViews: savedViewsRouter,
  payouts: payoutsRouter,
  refunds: refundsRouter,
});

export type AppRouter = typeof appRouter;
