import {
  appendAudit,
  findPaymentsByMerchantReference,
  findRefundByPayment,
  insertOutboxCommand,
  insertRefund,
  lockKashaPaymentByReference,
  notifyPaymentChange,
  type Database,
  type RefundRow,
  type RefundSubject,
} from '@paydesk/db';
import { assessRefund, isRefundState, refundKey, type FinanceLimits, type RefundVerdict } from '@paydesk/domain';
import type { Kysely } from 'kysely';
import type { Actor } from './decide-payout.ts';
import { isUniqueViolation } from './database-errors.ts';

export const REFUND_COMMAND_KIND = 'refund';

export interface RefundCommandPayload {
  merchantReference: string;
  /** The refunded pay-in's Kasha transaction id: what a lookup asks about. */
  transactionId: string;
}

export interface RefundCheck {
  payment: RefundSubject | undefined;
  /** Other payments that carry the same reference (other providers). */
  others: RefundSubject[];
  refund: RefundRow | undefined;
  verdict: RefundVerdict;
}

function candidateOf(payment: RefundSubject) {
  return { provider: payment.provider, direction: payment.direction, status: payment.status, amountMinor: payment.amount_minor, currency: payment.currency };
}

function existing(refund: RefundRow | undefined) {
  return refund && isRefundState(refund.state) ? { state: refund.state } : undefined;
}

/** What the refund page shows for a reference: the payment, any refund of it, and whether this user may refund it. */
export async function checkRefund(db: Kysely<Database>, input: { merchantReference: string; role: Actor['role']; limits: FinanceLimits }): Promise<RefundCheck> {
  const payments = await findPaymentsByMerchantReference(db, input.merchantReference);
  const [payment, ...others] = payments;
  const refund = payment ? await findRefundByPayment(db, payment.id) : undefined;
  return {
    payment,
    others,
    refund,
    verdict: assessRefund(payment ? candidateOf(payment) : undefined, existing(refund), input.role, input.limits),
  };
}

export interface RequestRefundInput {
  merchantReference: string;
  reason: string;
  actor: Actor;
  limits: FinanceLimits;
  now: Date;
  ip: string | null;
  requestId: string;
}

export type RequestRefundOutcome =
  | { ok: true; refund: RefundRow }
  | { ok: false; code: RefundVerdict['code'] | 'REASON_REQUIRED'; message: string; advice: string | null; amount?: { amountMinor: number; currency: string } };

export const MIN_REFUND_REASON_LENGTH = 5;

/**
 * Records a refund and queues it for Kasha, in one transaction. The Kasha pay-in is locked
 * first, so two agents refunding the same reference at once are served one after the
 * other and the second finds the first one's refund; UNIQUE(payment_id),
 * UNIQUE(merchant_reference) and the outbox's unique key back the lock up.
 */
export async function requestRefund(db: Kysely<Database>, input: RequestRefundInput): Promise<RequestRefundOutcome> {
  const reason = input.reason.trim();
  if (reason.length < MIN_REFUND_REASON_LENGTH) {
    return { ok: false, code: 'REASON_REQUIRED', message: 'Say why the money goes back (at least a few words).', advice: null };
  }
  try {
    return await db.transaction().execute(async (trx): Promise<RequestRefundOutcome> => {
      const payment = await lockKashaPaymentByReference(trx, input.merchantReference);
      if (!payment) {
        // Not Kasha: say which provider it is and what to do instead.
        const [other] = await findPaymentsByMerchantReference(trx, input.merchantReference);
        const verdict = assessRefund(other ? candidateOf(other) : undefined, undefined, input.actor.role, input.limits);
        return { ok: false, code: verdict.code, message: verdict.message, advice: verdict.advice };
      }
      const amount = { amountMinor: payment.amount_minor, currency: payment.currency };
      const current = await findRefundByPayment(trx, payment.id);
      const verdict = assessRefund(candidateOf(payment), existing(current), input.actor.role, input.limits);
      if (!verdict.canRefund) return { ok: false, code: verdict.code, message: verdict.message, advice: verdict.advice, amount };

      const refund = await insertRefund(trx, {
        paymentId: payment.id,
        merchantReference: input.merchantReference,
        amountMinor: payment.amount_minor,
        currency: payment.currency,
        reason,
        requestedBy: input.actor.id,
        requestedRole: input.actor.role,
        now: input.now,
      });
      const payload: RefundCommandPayload = { merchantReference: input.merchantReference, transactionId: payment.provider_payment_id };
      await insertOutboxCommand(trx, {
        kind: REFUND_COMMAND_KIND,
        paymentId: payment.id,
        idempotencyKey: refundKey(input.merchantReference),
        payload,
        now: input.now,
      });
      await appendAudit(trx, {
        actor: { id: input.actor.id, email: input.actor.email, role: input.actor.role },
        action: 'refunds.request',
        target: { type: 'payment', id: payment.id },
        outcome: 'success',
        before: { paymentStatus: payment.status },
        after: { refundId: refund.id, state: refund.state },
        details: { ...amount, merchantReference: input.merchantReference, transactionId: payment.provider_payment_id, reason },
        ip: input.ip,
        requestId: input.requestId,
        at: input.now,
      });
      await notifyPaymentChange(trx, { paymentId: payment.id, provider: 'kasha', direction: 'payin', status: payment.status, kind: 'refund' });
      return { ok: true, refund };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, code: 'REFUND_EXISTS', message: 'This payment already has a refund. A payment is refunded at most once.', advice: null };
    }
    throw error;
  }
}

/** The audit row for a refused refund request. */
export async function auditRefusedRefund(
  db: Kysely<Database>,
  input: RequestRefundInput,
  refusal: { code: string; message: string; amount?: { amountMinor: number; currency: string } },
): Promise<void> {
  await appendAudit(db, {
    actor: { id: input.actor.id, email: input.actor.email, role: input.actor.role },
    action: 'refunds.request',
    target: { type: 'merchant_reference', id: input.merchantReference },
    outcome: refusal.code === 'ABOVE_LIMIT' ? 'denied' : 'failure',
    details: { code: refusal.code, error: refusal.message, reason: input.reason, ...refusal.amount },
    ip: input.ip,
    requestId: input.requestId,
    at: input.now,
  });
}
