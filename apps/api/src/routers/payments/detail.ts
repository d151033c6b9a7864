import { findPaymentWithEvents } from '@paydesk/db';
import { describeJourney, describeTimeline, explainStatus, isStuck, stepRuleFor, uncertaintyOf, UNCERTAINTY_LABELS, type Journey } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { procedureWith } from '../../trpc.ts';
import { presentDetail, seesPersonalData } from './present.ts';

/** The journey with its times as ISO text, like every time in the answer. */
function presentJourney(journey: Journey) {
  return { ...journey, steps: journey.steps.map((step) => ({ ...step, enteredAt: step.enteredAt?.toISOString() ?? null })) };
}

/** A payment with its explained timeline and its provider lifecycle, ready to render. */
export const paymentDetail = procedureWith('payments.read')
  .input(z.object({ id: z.string().uuid('That is not a payment id') }))
  .query(async ({ ctx, input }) => {
    const found = await findPaymentWithEvents(ctx.db, input.id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: 'No payment has this id.' });
    const { payment: row, events } = found;
    const now = ctx.clock.now();
    const subject = {
      provider: row.provider,
      direction: row.direction,
      method: row.method,
      status: row.status,
      providerStatus: row.provider_status,
      detailedStatus: row.detailed_status,
      phase: row.phase,
      failureCategory: row.failure_category,
      failureCodes: row.failure_codes,
      statusAt: row.status_at,
    };
    const journeyEvents = events.map((event) => ({
      source: event.source,
      status: event.status,
      providerStatus: event.provider_status,
      detailedStatus: event.detailed_status,
      phase: event.phase,
      failureCategory: event.failure_category,
      failureCodes: event.failure_codes,
      occurredAt: event.occurred_at,
    }));
    const described = describeTimeline(subject, journeyEvents, now);
    const rule = stepRuleFor(subject);
    const isOpen = row.status === 'PENDING' || row.status === 'UNKNOWN';
    return {
      payment: presentDetail(row, seesPersonalData(ctx.user.role)),
      statusMeaning: explainStatus(row.status),
      journey: presentJourney(describeJourney(subject, journeyEvents)),
      timeline: events.map((event, index) => ({
        id: event.id,
        source: event.source,
        status: event.status,
        providerStatus: event.provider_status,
        detailedStatus: event.detailed_status,
        phase: event.phase,
        failureCategory: event.failure_category,
        failureCodes: event.failure_codes,
        // ISO text rather than Dates, which take JSON.stringify off its fast path (present.ts).
        occurredAt: event.occurred_at.toISOString(),
        recordedAt: event.recorded_at.toISOString(),
        ...described[index]!,
      })),
      step: isOpen && rule ? { label: rule.label, usualMaxMs: rule.usualMaxMs, basis: rule.basis, since: row.status_at.toISOString(), isStuck: isStuck(subject, now) } : null,
      uncertainty: uncertaintyOf(subject, now).map((reason) => ({ reason, label: UNCERTAINTY_LABELS[reason] })),
      // Refunds go through Kasha by merchant reference; only its completed pay-ins qualify.
      isRefundable: row.provider === 'kasha' && row.direction === 'payin' && row.status === 'COMPLETED' && row.merchant_reference !== null,
      isResolvable: isOpen,
      now: now.toISOString(),
    };
  });
