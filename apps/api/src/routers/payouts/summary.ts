import { countPayoutQueue, totalPayoutQueue } from '@paydesk/db';
import { procedureWith } from '../../trpc.ts';
import { financeLimitsOf, payoutQueueFilterSchema, toQueueFilter } from './input.ts';

const COUNT_CAP = 1000;

/** How many payouts match and what they add up to, per currency (summed by the database in minor units). */
export const payoutQueueSummary = procedureWith('payouts.read')
  .input(payoutQueueFilterSchema)
  .query(async ({ ctx, input }) => {
    const limits = financeLimitsOf(ctx);
    const filter = toQueueFilter(input, limits, ctx.clock.now());
    const [count, totals] = await Promise.all([
      countPayoutQueue(ctx.db, filter, limits.secondApprovalMinor, COUNT_CAP),
      totalPayoutQueue(ctx.db, filter, limits.secondApprovalMinor),
    ]);
    return { count: Math.min(count, COUNT_CAP), isCountCapped: count > COUNT_CAP, totals };
  });
