import { sql } from 'kysely';
import { procedureWith, router } from '../trpc.ts';

export const overviewRouter = router({
  /** Payment counts per provider and status, read from the hourly rollup. */
  summary: procedureWith('payments.read').query(async ({ ctx }) => {
    const rows = await ctx.db
      .selectFrom('payment_rollup_hourly')
      .select(['provider', 'status', sql<number>`sum(payments)::bigint`.as('payments')])
      .groupBy(['provider', 'status'])
      .orderBy('provider')
      .orderBy('status')
      .execute();
    return {
      businessTimeZone: ctx.config.businessTimeZone,
      byProviderAndStatus: rows.filter((row) => row.payments > 0),
    };
  }),
});
