import { listRefunds } from '@paydesk/db';
import { maskName, REFUND_STATES } from '@paydesk/domain';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { procedureWith } from '../../trpc.ts';
import { keysetCursorSchema } from '../payouts/input.ts';
import { seesNames } from './present.ts';

/** Refunds newest first, with their state, who asked and why. */
export const listRefundRequests = procedureWith('refunds.read')
  .input(
    z.object({
      state: z.enum(REFUND_STATES).optional(),
      reference: z.string().trim().min(1).max(255).optional(),
      isMine: z.boolean().optional(),
      cursor: z.string().max(300).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
  )
  .query(async ({ ctx, input }) => {
    const after = input.cursor ? decodeCursor(input.cursor, keysetCursorSchema) : undefined;
    const rows = await listRefunds(
      ctx.db,
      { state: input.state, reference: input.reference, requestedBy: input.isMine ? ctx.user.id : undefined },
      { limit: input.limit + 1, after },
    );
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const show = seesNames(ctx.user.role);
    return {
      rows: page.map((row) => ({
        id: row.id,
        paymentId: row.payment_id,
        merchantReference: row.merchant_reference,
        amountMinor: row.amount_minor,
        currency: row.currency,
        state: row.state,
        reason: row.reason,
        requestedBy: row.requested_by_name,
        requestedRole: row.requested_role,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
        customerName: row.customer_name === null ? null : show ? row.customer_name : maskName(row.customer_name),
        paymentStatus: row.payment_status,
        delivery: row.outbox_state,
        deliveryError: row.outbox_error,
        kashaAnswer: row.provider_answer,
      })),
      nextCursor: rows.length > input.limit && last ? encodeCursor({ key: last.cursor_time, id: last.id }) : null,
    };
  });
