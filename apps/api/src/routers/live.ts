import { tracked } from '@trpc/server';
import { z } from 'zod';
import { procedureWith, router } from '../trpc.ts';

let sequence = 0;

export const liveRouter = router({
  /**
   * Server-sent events: one message per payment change (optionally of one payment only).
   * Screens refetch what they show instead of patching rows from the message.
   */
  paymentChanges: procedureWith('payments.read')
    .input(z.object({ paymentId: z.string().uuid().optional() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const change of ctx.changes.stream(signal)) {
        if (input?.paymentId && change.paymentId !== input.paymentId) continue;
        sequence += 1;
        yield tracked(String(sequence), change);
      }
    }),
});
