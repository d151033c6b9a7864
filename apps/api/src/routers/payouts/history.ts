import { listPayoutHistory } from '@paydesk/db';
import { can, currencyCodeSchema, maskName, PAYOUT_DECISION_STATES } from '@paydesk/domain';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { procedureWith } from '../../trpc.ts';
import { keysetCursorSchema } from './input.ts';

/** Decided payouts, newest first: who decided, when, why, and what Kasha answered. */
export const payoutHistory = procedureWith('payouts.read')
  .input(
    z.object({
      action: z.enum(['APPROVE', 'DECLINE']).optional(),
      state: z.enum(PAYOUT_DECISION_STATES).optional(),
      currency: currencyCodeSchema.optional(),
      isMine: z.boolean().optional(),
      cursor: z.string().max(300).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
  )
  .query(async ({ ctx, input }) => {
    const after = input.cursor ? decodeCursor(input.cursor, keysetCursorSchema) : undefined;
    const rows = await listPayoutHistory(
      ctx.db,
      { action: input.action, state: input.state, currency: input.currency, decidedBy: input.isMine ? ctx.user.id : undefined },
      { limit: input.limit + 1, after },
    );
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const showsNames = can(ctx.user.role, 'payments.readPersonalData');
    return {
      rows: page.map((row) => ({
        id: row.payment_id,
        state: row.state,
        action: row.decided_action,
        declineReason: row.decline_reason,
        decidedAt: new Date(row.decided_at).toISOString(),
        decidedBy: row.decided_by_name,
        approvals: row.approvals.map((approval) => ({ name: approval.name, at: approval.at })),
        requiredApprovals: row.required_approvals,
        kashaAnswer: row.provider_answer,
        delivery: row.outbox_state,
        deliveryError: row.outbox_error,
        amountMinor: row.amount_minor,
        currency: row.currency,
        country: row.country,
        method: row.method,
        beneficiary: row.customer_name === null ? null : showsNames ? row.customer_name : maskName(row.customer_name),
        merchantReference: row.merchant_reference,
        paymentStatus: row.payment_status,
        providerStatus: row.provider_status,
      })),
      nextCursor: rows.length > input.limit && last ? encodeCursor({ key: last.cursor_time, id: last.payment_id }) : null,
    };
  });
