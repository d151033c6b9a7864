import { requestPaymentRecheck } from '@paydesk/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { procedureWith } from '../../trpc.ts';

/**
 * Asks for a fresh status from the provider: the payment becomes due for the status
 * poller at once (it takes due payments with FOR UPDATE SKIP LOCKED). No provider call
 * happens here; the answer arrives through ingestion and the live feed.
 */
export const recheckPayment = procedureWith('payments.recheck')
  .input(z.object({ id: z.string().uuid('That is not a payment id') }))
  .mutation(async ({ ctx, input }) => {
    ctx.audit.action = 'payments.recheck';
    ctx.audit.target = { type: 'payment', id: input.id };
    const now = ctx.clock.now();
    const payment = await requestPaymentRecheck(ctx.db, input.id, now);
    if (!payment) throw new TRPCError({ code: 'NOT_FOUND', message: 'No payment has this id.' });
    ctx.audit.details = { provider: payment.provider, status: payment.status };
    return { id: payment.id, requestedAt: now };
  });
