import { appendAudit, lockPaymentById, notifyPaymentChange, recordManualResolution } from '@paydesk/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { procedureWith } from '../../trpc.ts';

/**
 * A person records the outcome of an uncertain payment after confirming it with the
 * provider. Status, timeline event, audit row and notification commit together. A later
 * provider event still wins: ingestion treats a manual status as replaceable by the next
 * final provider answer dated after it.
 */
export const resolvePaymentManually = procedureWith('payments.resolveManually')
  .input(
    z.object({
      id: z.string().uuid('That is not a payment id'),
      outcome: z.enum(['COMPLETED', 'FAILED']),
      reason: z.string().trim().min(10, 'Say in a sentence how the outcome was confirmed (at least 10 characters)').max(1000),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    ctx.audit.action = 'payments.resolve_manually';
    ctx.audit.target = { type: 'payment', id: input.id };
    const now = ctx.clock.now();
    const user = ctx.user;
    const result = await ctx.db.transaction().execute(async (trx) => {
      const payment = await lockPaymentById(trx, input.id);
      if (!payment) throw new TRPCError({ code: 'NOT_FOUND', message: 'No payment has this id.' });
      if (payment.status !== 'PENDING' && payment.status !== 'UNKNOWN') {
        throw new TRPCError({
          code: 'CONFLICT',
          message: `This payment is already ${payment.status.toLowerCase()}; only open or uncertain payments can be resolved by hand.`,
        });
      }
      const { eventKey } = await recordManualResolution(trx, payment, {
        outcome: input.outcome,
        reason: input.reason,
        by: { id: user.id, email: user.email },
        at: now,
      });
      await notifyPaymentChange(trx, { paymentId: payment.id, provider: payment.provider, direction: payment.direction, status: input.outcome, kind: 'status' });
      // Written in the same transaction as the change, so neither can exist without the other.
      await appendAudit(trx, {
        actor: { id: user.id, email: user.email, role: user.role },
        action: 'payments.resolve_manually',
        target: { type: 'payment', id: payment.id },
        outcome: 'success',
        before: { status: payment.status, providerStatus: payment.provider_status, failureCodes: payment.failure_codes },
        after: { status: input.outcome, reason: input.reason, eventKey },
        ip: ctx.ip,
        requestId: ctx.requestId,
        at: now,
      });
      return { id: payment.id, status: input.outcome, eventKey };
    });
    ctx.audit.isRecorded = true;
    return result;
  });
