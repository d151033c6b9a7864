import { listPayoutQueue } from '@paydesk/db';
import { can, maskName } from '@paydesk/domain';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { procedureWith } from '../../trpc.ts';
import { financeLimitsOf, keysetCursorSchema, payoutQueueFilterSchema, toQueueFilter } from './input.ts';

/** One page of Kasha payouts awaiting a decision, oldest first unless asked otherwise. */
export const payoutQueue = procedureWith('payouts.read')
  .input(
    payoutQueueFilterSchema.extend({
      sort: z.enum(['oldest', 'newest', 'amount_desc', 'amount_asc']).default('oldest'),
      cursor: z.string().max(300).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
  )
  .query(async ({ ctx, input }) => {
    const limits = financeLimitsOf(ctx);
    const now = ctx.clock.now();
    const after = input.cursor ? decodeCursor(input.cursor, keysetCursorSchema) : undefined;
    const rows = await listPayoutQueue(ctx.db, toQueueFilter(input, limits, now), {
      sort: input.sort,
      limit: input.limit + 1,
      after,
      thresholds: limits.secondApprovalMinor,
    });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const isAmountSort = input.sort === 'amount_desc' || input.sort === 'amount_asc';
    // Finance checks who is paid; roles without personal data see initials only.
    const showsNames = can(ctx.user.role, 'payments.readPersonalData');
    return {
      now: now.toISOString(),
      slaHours: limits.payoutSlaMs / 3_600_000,
      rows: page.map((row) => {
        const dueAt = new Date(row.created_at.getTime() + limits.payoutSlaMs);
        return {
          id: row.id,
          createdAt: row.created_at.toISOString(),
          amountMinor: row.amount_minor,
          currency: row.currency,
          country: row.country,
          method: row.method,
          beneficiary: row.customer_name === null ? null : showsNames ? row.customer_name : maskName(row.customer_name),
          bankName: row.bank_name,
          merchantReference: row.merchant_reference,
          merchantUserId: row.merchant_user_id,
          providerPaymentId: row.provider_payment_id,
          requiredApprovals: row.required_approvals,
          approvals: row.approvals.map((approval) => ({ name: approval.name, at: approval.at, isMine: approval.userId === ctx.user.id })),
          dueAt: dueAt.toISOString(),
          isOverdue: dueAt.getTime() <= now.getTime(),
        };
      }),
      nextCursor:
        rows.length > input.limit && last
          ? encodeCursor({ key: isAmountSort ? String(last.amount_minor) : last.cursor_time, id: last.id })
          : null,
    };
  });
