import {
  appendAudit,
  findRefundByPayment,
  listPayoutApprovers,
  lockPayoutDecision,
  lockRefundByReference,
  notifyPaymentChange,
  updatePayoutDecision,
  updateRefund,
  type Database,
} from '@paydesk/db';
import {
  applyPayoutDecisionEvent,
  applyRefundEvent,
  isFinalPayoutDecisionState,
  isFinalRefundState,
  isPayoutDecisionState,
  isRefundState,
  type PayoutAction,
  type PayoutDecision,
  type PayoutDecisionEvent,
  type RefundEvent,
} from '@paydesk/domain';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';

// What Kasha says (an answer, a lookup, a webhook) moves the payout decision or the refund
// through its domain machine. Each function runs inside the caller's transaction.

type Trx = Transaction<Database>;

export interface OutcomeContext {
  now: Date;
  log: Pick<Logger, 'warn'>;
  /** Request id for the audit row of a final outcome (the outbox command's). */
  requestId: string;
}

/**
 * Applies events to a payout decision; writes one audit row for each outcome Kasha reports
 * (accepted and with the processor, paid out, failed, declined). Returns the new state, or undefined when the
 * payout has no decision row (decided outside Paydesk).
 */
export async function applyPayoutEvents(
  trx: Trx,
  paymentId: string,
  events: readonly PayoutDecisionEvent[],
  options: OutcomeContext & { answer?: unknown },
): Promise<string | undefined> {
  const row = await lockPayoutDecision(trx, paymentId);
  if (!row || !isPayoutDecisionState(row.state)) return undefined;
  let decision: PayoutDecision = {
    state: row.state,
    requiredApprovals: row.required_approvals as 1 | 2,
    approvedBy: await listPayoutApprovers(trx, paymentId),
    action: (row.decided_action as PayoutAction | null) ?? null,
  };
  for (const event of events) {
    const result = applyPayoutDecisionEvent(decision, event);
    if (!result.ok) {
      options.log.warn({ paymentId, state: decision.state, event, reason: result.message }, 'payout event ignored');
      continue;
    }
    decision = result.decision;
  }
  const isChanged = decision.state !== row.state;
  if (isChanged || options.answer !== undefined) {
    await updatePayoutDecision(trx, paymentId, {
      state: decision.state,
      ...(options.answer !== undefined ? { provider_answer: JSON.stringify(options.answer) } : {}),
      updated_at: options.now,
    });
  }
  // Each step Kasha reports (with the processor, paid out, failed, declined) is an outcome
  // staff may need to trace, so each gets its audit row.
  if (isChanged && (decision.state === 'processing' || isFinalPayoutDecisionState(decision.state))) {
    await appendAudit(trx, {
      actor: null,
      action: 'payouts.outcome',
      target: { type: 'payment', id: paymentId },
      outcome: decision.state === 'failed' ? 'failure' : 'success',
      before: { state: row.state },
      after: { state: decision.state },
      details: { action: row.decided_action, decidedBy: row.decided_by, declineReason: row.decline_reason, kasha: options.answer ?? null },
      ip: null,
      requestId: options.requestId,
      at: options.now,
    });
  }
  if (isChanged) await notifyPaymentChange(trx, { paymentId, provider: 'kasha', direction: 'payout', status: decision.state, kind: 'payout' });
  return decision.state;
}

/** Applies one event to the refund of a reference; an audit row marks its final outcome. */
export async function applyRefundEventTo(
  trx: Trx,
  merchantReference: string,
  event: RefundEvent,
  options: OutcomeContext & { answer?: unknown; error?: string },
): Promise<string | undefined> {
  const refund = await lockRefundByReference(trx, merchantReference);
  if (!refund || !isRefundState(refund.state)) return undefined;
  const result = applyRefundEvent(refund.state, event);
  if (!result.ok) {
    options.log.warn({ merchantReference, state: refund.state, event, reason: result.message }, 'refund event ignored');
    return refund.state;
  }
  if (result.isChanged || options.answer !== undefined) {
    await updateRefund(trx, refund.id, {
      state: result.state,
      ...(options.answer !== undefined ? { provider_answer: JSON.stringify(options.answer) } : {}),
      updated_at: options.now,
    });
  }
  if (result.isChanged && isFinalRefundState(result.state)) {
    await appendAudit(trx, {
      actor: null,
      action: 'refunds.outcome',
      target: { type: 'payment', id: refund.payment_id },
      outcome: result.state === 'succeeded' ? 'success' : 'failure',
      before: { state: refund.state },
      after: { state: result.state },
      details: {
        merchantReference,
        amountMinor: refund.amount_minor,
        currency: refund.currency,
        requestedBy: refund.requested_by,
        requestedRole: refund.requested_role,
        reason: refund.reason,
        kasha: options.answer ?? null,
        ...(options.error ? { error: options.error } : {}),
      },
      ip: null,
      requestId: options.requestId,
      at: options.now,
    });
  }
  if (result.isChanged) {
    await notifyPaymentChange(trx, { paymentId: refund.payment_id, provider: 'kasha', direction: 'payin', status: result.state, kind: 'refund' });
  }
  return result.state;
}

/**
 * Ingestion's hook: a Kasha status that became a payment's current status moves its payout
 * decision (PROCESSING → paid out or failed) or settles its refund (REFUNDED). Webhooks are
 * only believed where they cannot be stale; see the domain machines.
 */
export async function followProviderStatus(
  trx: Trx,
  payment: { id: string; provider: string; direction: string },
  providerStatus: string,
  options: OutcomeContext,
): Promise<void> {
  if (payment.provider !== 'kasha') return;
  if (payment.direction === 'payout') {
    await applyPayoutEvents(trx, payment.id, [{ type: 'providerStatus', status: providerStatus }], options);
    return;
  }
  // Only REFUNDED can move a refund (a webhook never reopens one), so other pay-in statuses
  // cost nothing here.
  if (providerStatus.toUpperCase() !== 'REFUNDED') return;
  const refund = await findRefundByPayment(trx, payment.id);
  if (refund) await applyRefundEventTo(trx, refund.merchant_reference, { type: 'providerStatus', status: providerStatus }, options);
}
