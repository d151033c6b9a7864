import { tracked } from '@trpc/server';
import { z } from 'zod';
import { procedureWith, router } from '../trpc.ts';

let sequence = 0;

export const liveRouter = router({
  /**
   * Server-sent events: one message per payment change (optionally of one payment only).
   * Screens refetch what they show instead of patching rows from the message. A message of
   * kind 'resync' names no payment and reaches every subscriber: the server lost its
   * listening connection and changes may have been missed, so refetch everything.
   */
  paymentChanges: procedureWith('payments.read')
    .input(z.object({ paymentId: z.string().uuid().optional() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const change of ctx.changes.stream(signal)) {
        if (input?.paymentId && change.kind !== 'resync' && change.paymentId !== input.paymentId) continue;
        sequence += 1;
        yield tracked(String(sequence), change);
      }
    }),

  /**
   * Server-sent events for the analytics dashboards: "payments changed", at most once per
   * pulse interval (ChangeFeed.pulses), never which payment. A dashboard refetches its
   * aggregates whatever changed, so per-payment messages would only multiply the traffic
   * by the number of open dashboards; and as the message names no payment, the dashboards'
   * own capability is the right gate.
   * Untracked: a dashboard that reconnects refetches once anyway, so no pulse is replayed.
   */
  analyticsChanges: procedureWith('analytics.read').subscription(async function* ({ ctx, signal }) {
    yield* ctx.changes.pulses(signal);
  }),
});
