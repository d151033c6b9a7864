import { readStatusTotals, type AnalyticsDb } from '@paydesk/db';
import { procedureWith, router } from '../trpc.ts';
import { applyPendingChanges } from './analytics/context.ts';

/**
 * Payments per provider and current status, all time. Read from the analytics status rollup
 * after applying what is still queued, so it counts every change committed before it was
 * asked for, like the analytics answers (docs/decisions/004-analytics-rollups.md).
 */
export async function loadOverviewCounts(db: AnalyticsDb) {
  await applyPendingChanges({ db });
  return readStatusTotals(db);
}

export const overviewRouter = router({
  summary: procedureWith('payments.read').query(async ({ ctx }) => ({
    businessTimeZone: ctx.config.businessTimeZone,
    byProviderAndStatus: await loadOverviewCounts(ctx.db),
  })),
});
