import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { liveRouter } from './routers/live.ts';
import { overviewRouter } from './routers/overview.ts';
import { usersRouter } from './routers/users.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  audit: auditRouter,
  overview: overviewRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
