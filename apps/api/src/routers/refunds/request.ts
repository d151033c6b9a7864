import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { auditRefusedRefund, requestRefund, type RequestRefundInput } from '../../finance/request-refund.ts';
import { procedureWith } from '../../trpc.ts';
import { financeLimitsOf } from '../payouts/input.ts';
import { referenceSchema } from './check.ts';
import { presentRefund } from './present.ts';

const CONFLICTS = new Set(['REFUND_EXISTS', 'ALREADY_REFUNDED', 'NOT_COMPLETED']);

/**
 * Records a refund of a Kasha pay-in by its merchant reference and queues it for Kasha.
 * Exactly one refund per reference: a second request, from anyone, is refused.
 */
export const requestRefundByReference = procedureWith('refunds.request')
  .input(
    z.object({
      reference: referenceSchema,
      reason: z.string().trim().min(5, 'Say why the money goes back (at least 5 characters)').max(1000),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const request: RequestRefundInput = {
      merchantReference: input.reference,
      reason: input.reason,
      actor: { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role },
      limits: financeLimitsOf(ctx),
      now: ctx.clock.now(),
      ip: ctx.ip,
      requestId: ctx.requestId,
    };
    const outcome = await requestRefund(ctx.db, request);
    if (!outcome.ok) {
      await auditRefusedRefund(ctx.db, request, outcome);
      ctx.audit.isRecorded = true;
      const code = outcome.code === 'ABOVE_LIMIT' ? 'FORBIDDEN' : outcome.code === 'NOT_FOUND' ? 'NOT_FOUND' : CONFLICTS.has(outcome.code) ? 'CONFLICT' : 'BAD_REQUEST';
      throw new TRPCError({ code, message: outcome.advice ? `${outcome.message} ${outcome.advice}` : outcome.message });
    }
    // The request's audit row was written with the refund, in its transaction.
    ctx.audit.isRecorded = true;
    return presentRefund(outcome.refund);
  });
