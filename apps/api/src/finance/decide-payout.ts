import {
  appendAudit,
  ensurePayoutDecision,
  insertOutboxCommand,
  insertPayoutApproval,
  listPayoutApprovers,
  lockPayoutDecision,
  lockPayoutSubject,
  notifyPaymentChange,
  updatePayoutDecision,
  type Database,
} from '@paydesk/db';
import {
  applyPayoutDecisionEvent,
  isPayoutDecisionState,
  payoutDecisionKey,
  requiredApprovalsFor,
  type FinanceLimits,
  type PayoutAction,
  type PayoutDecisionState,
  type PayoutRefusalCode,
  type Role,
} from '@paydesk/domain';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from './database-errors.ts';

export const PAYOUT_COMMAND_KIND = 'payout.confirm';

export interface PayoutCommandPayload {
  transactionId: string;
  action: PayoutAction;
}

export interface Actor {
  id: string;
  email: string;
  role: Role;
}

export interface DecidePayoutInput {
  paymentId: string;
  action: PayoutAction;
  reason: string | undefined;
  actor: Actor;
  limits: FinanceLimits;
  now: Date;
  ip: string | null;
  requestId: string;
}

export type DecidePayoutRefusal = PayoutRefusalCode | 'NOT_FOUND' | 'NOT_A_KASHA_PAYOUT' | 'NOT_PENDING_AT_KASHA';

export type DecidePayoutOutcome =
  | {
      ok: true;
      paymentId: string;
      state: PayoutDecisionState;
      approvals: number;
      requiredApprovals: 1 | 2;
      /** True when this call took the decision and queued it for Kasha. */
      isSent: boolean;
    }
  | { ok: false; paymentId: string; code: DecidePayoutRefusal; message: string; amount?: { amountMinor: number; currency: string } };

/**
 * One staff decision on one payout, in one transaction: the decision row is locked, the
 * domain machine says what the decision becomes, and the state change, the approval, the
 * outbox command (when the decision is final) and the audit row commit together. Races
 * between colleagues are decided by the lock; the approvals primary key and the outbox's
 * unique idempotency key back it up. Nothing is sent to Kasha here.
 */
export async function decidePayout(db: Kysely<Database>, input: DecidePayoutInput): Promise<DecidePayoutOutcome> {
  const { paymentId, actor, now } = input;
  let amount: { amountMinor: number; currency: string } | undefined;
  const refuse = (code: DecidePayoutRefusal, message: string): DecidePayoutOutcome => ({ ok: false, paymentId, code, message, ...(amount ? { amount } : {}) });
  try {
    return await db.transaction().execute(async (trx) => {
      const payment = await lockPayoutSubject(trx, paymentId);
      if (!payment) return refuse('NOT_FOUND', 'No payment has this id.');
      amount = { amountMinor: payment.amount_minor, currency: payment.currency };
      if (payment.provider !== 'kasha' || payment.direction !== 'payout') {
        return refuse('NOT_A_KASHA_PAYOUT', 'Only Kasha payouts wait for an approval.');
      }
      const required = requiredApprovalsFor(payment.amount_minor, payment.currency, input.limits);
      await ensurePayoutDecision(trx, paymentId, required, now);
      const row = await lockPayoutDecision(trx, paymentId);
      if (!row || !isPayoutDecisionState(row.state)) throw new Error(`payout ${paymentId} has no usable decision row`);
      if (row.state === 'awaiting_approval' && (payment.status !== 'PENDING' || payment.provider_status !== 'PENDING')) {
        return refuse('NOT_PENDING_AT_KASHA', `Kasha shows this payout as ${payment.provider_status}; it can no longer be decided here.`);
      }
      const approvedBy = await listPayoutApprovers(trx, paymentId);
      const before = {
        state: row.state,
        requiredApprovals: row.required_approvals as 1 | 2,
        approvedBy,
        action: (row.decided_action as PayoutAction | null) ?? null,
      };
      const reason = input.reason?.trim() ?? '';
      const result = applyPayoutDecisionEvent(
        before,
        input.action === 'APPROVE' ? { type: 'approve', userId: actor.id } : { type: 'decline', userId: actor.id, reason },
      );
      if (!result.ok) return refuse(result.code, result.message);
      const after = result.decision;

      if (input.action === 'APPROVE') await insertPayoutApproval(trx, paymentId, actor.id, now);
      if (result.send) {
        await updatePayoutDecision(trx, paymentId, {
          state: after.state,
          decided_action: result.send,
          decided_at: now,
          decided_by: actor.id,
          decline_reason: result.send === 'DECLINE' ? reason : null,
          updated_at: now,
        });
        const payload: PayoutCommandPayload = { transactionId: payment.provider_payment_id, action: result.send };
        await insertOutboxCommand(trx, { kind: PAYOUT_COMMAND_KIND, paymentId, idempotencyKey: payoutDecisionKey(paymentId), payload, now });
      } else {
        await updatePayoutDecision(trx, paymentId, { updated_at: now });
      }

      // The audit row commits with the decision, so neither exists without the other.
      await appendAudit(trx, {
        actor: { id: actor.id, email: actor.email, role: actor.role },
        action: input.action === 'APPROVE' ? 'payouts.approve' : 'payouts.decline',
        target: { type: 'payment', id: paymentId },
        outcome: 'success',
        before: { state: before.state, approvals: before.approvedBy.length },
        after: { state: after.state, approvals: after.approvedBy.length, requiredApprovals: after.requiredApprovals },
        details: {
          amountMinor: payment.amount_minor,
          currency: payment.currency,
          merchantReference: payment.merchant_reference,
          transactionId: payment.provider_payment_id,
          ...(reason ? { reason } : {}),
          ...(result.send ? { sentToKasha: result.send } : { waitingFor: 'a second approval' }),
        },
        ip: input.ip,
        requestId: input.requestId,
        at: now,
      });
      await notifyPaymentChange(trx, { paymentId, provider: 'kasha', direction: 'payout', status: payment.status, kind: 'payout' });
      return {
        ok: true,
        paymentId,
        state: after.state,
        approvals: after.approvedBy.length,
        requiredApprovals: after.requiredApprovals,
        isSent: result.send !== null,
      };
    });
  } catch (error) {
    // The lock makes this unreachable in practice; the key is the last line of defence.
    if (isUniqueViolation(error, 'payout_approvals_pkey')) {
      return refuse('SAME_APPROVER', 'You already approved this payout; a different finance user must give the second approval.');
    }
    if (isUniqueViolation(error, 'outbox_idempotency_key_key')) return refuse('ALREADY_DECIDED', 'This payout was already decided.');
    throw error;
  }
}

/** The audit row for a refused decision, written outside the (rolled back or empty) transaction. */
export async function auditRefusedDecision(
  db: Kysely<Database>,
  input: DecidePayoutInput,
  refusal: { code: string; message: string; amount?: { amountMinor: number; currency: string } },
): Promise<void> {
  await appendAudit(db, {
    actor: { id: input.actor.id, email: input.actor.email, role: input.actor.role },
    action: input.action === 'APPROVE' ? 'payouts.approve' : 'payouts.decline',
    target: { type: 'payment', id: input.paymentId },
    outcome: refusal.code === 'SAME_APPROVER' ? 'denied' : 'failure',
    details: { code: refusal.code, error: refusal.message, ...refusal.amount, ...(input.reason ? { reason: input.reason } : {}) },
    ip: input.ip,
    requestId: input.requestId,
    at: input.now,
  });
}
