import { overviewRouter } from './routers/overview.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  overview: overviewRouter,
});

export type AppRouter = typeof appRouter;
