import { currencyCodeSchema, DEFAULT_FINANCE_LIMITS, type FinanceLimits } from '@paydesk/domain';
import type { PayoutQueueFilter } from '@paydesk/db';
import { z } from 'zod';
import type { Context } from '../../context.ts';

/** The queue's filters, shared by the list, its totals, the count and "select all matching". */
export const payoutQueueFilterSchema = z.object({
  currency: currencyCodeSchema.optional(),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'A country is two letters, e.g. BR')
    .optional(),
  method: z.string().trim().min(1).max(40).optional(),
  /** first: nobody approved yet; second: one approval recorded, waiting for a second person. */
  stage: z.enum(['first', 'second']).optional(),
  /** Only payouts past the decision SLA. */
  isOverdue: z.boolean().optional(),
  /** Only payouts that need (true) or do not need (false) two approvals. */
  needsTwo: z.boolean().optional(),
});

export type PayoutQueueFilterInput = z.infer<typeof payoutQueueFilterSchema>;

export function financeLimitsOf(ctx: Pick<Context, 'config'>): FinanceLimits {
  return ctx.config.finance ?? DEFAULT_FINANCE_LIMITS;
}

/** The filter as the queries take it: "overdue" becomes "created before now − SLA". */
export function toQueueFilter(input: PayoutQueueFilterInput, limits: FinanceLimits, now: Date): PayoutQueueFilter {
  return {
    currency: input.currency,
    country: input.country,
    method: input.method,
    stage: input.stage,
    needsTwo: input.needsTwo,
    createdBefore: input.isOverdue ? new Date(now.getTime() - limits.payoutSlaMs) : undefined,
  };
}

export const keysetCursorSchema = z.object({ key: z.string(), id: z.string().uuid() });
