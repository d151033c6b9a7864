import {
  fromMinorUnits,
  normalizeForSearch,
  type Direction,
  type PaymentMethod,
  type Provider,
  type Role,
} from '@paydesk/domain';
import { requiredApprovals } from './amounts.ts';
import type { Customer } from './customers.ts';
import type { PayoutDecisionPlan } from './kasha-timeline.ts';
import type { Market } from './markets.ts';
import type { Random, Weighted } from './random.ts';
import type {
  GeneratedEventRow,
  GeneratedPayment,
  GeneratedPaymentRow,
  GeneratedPayoutApprovalRow,
  GeneratedPayoutDecisionRow,
  GeneratedRefundRow,
} from './rows.ts';
import { checksBetween, HOUR, iso, MINUTE, type TimelineEvent } from './timeline.ts';

/** Staff users the generated refunds and payout approvals are credited to. */
export interface StaffOptions {
  /** Staff user recorded as asking for refunds; without one, no refunds are generated. */
  readonly refundRequestedBy?: string;
  readonly refundRequestedRole?: Role;
  /**
   * Staff users who approve payouts. With them, decided payouts get their decision and
   * approvals; without them, only the payouts still awaiting a decision get a row.
   */
  readonly payoutApproverIds?: readonly string[];
}

/** Who and when, shared by every provider's payment. */
export interface PaymentContext {
  readonly id: string;
  readonly createdAt: number;
  readonly customer: Customer;
  readonly market: Market;
}

/** The columns a provider decides; the rest follow from the customer and the timeline. */
export interface ProviderPart {
  readonly direction: Direction;
  readonly method: PaymentMethod;
  readonly providerPaymentId: string;
  readonly providerReference: string | null;
  readonly merchantReference: string;
  readonly paymentReference: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly bankId: string | null;
  readonly bankName: string | null;
  readonly document: string | null;
  readonly cardBin: string | null;
  readonly cardLast4: string | null;
  readonly metadata: Record<string, unknown> | null;
  readonly events: readonly TimelineEvent[];
  readonly decision?: PayoutDecisionPlan | null;
  readonly refundedAt?: number | null;
  /** The option name Kasha shows (e.g. "OXXO"), for refund answers. */
  readonly optionName?: string;
}

const REFUND_REASONS: Weighted<string> = [
  ['Customer request', 35],
  ['Duplicate payment', 20],
  ['Order cancelled', 20],
  ['Service not delivered', 10],
  ['Charged the wrong amount', 10],
  ['Goodwill gesture', 5],
];

/**
 * The rows of one payment: the payment takes every status field from its last event, as
 * ingestion would have left it, plus the payout decision and refund that belong to it.
 */
export function assemblePayment(
  base: PaymentContext,
  part: ProviderPart,
  options: StaffOptions,
  now: number,
  staffRandom: Random,
): GeneratedPayment {
  const events = part.events;
  const last = events[events.length - 1];
  if (!last) throw new Error(`payment ${base.id} has no events`);
  const { customer } = base;
  const checks = statusChecks(base.market.provider, part.direction, events, now);
  const completed = events.find((event) => event.normalized.status === 'COMPLETED');

  const payment: GeneratedPaymentRow = {
    id: base.id,
    provider: base.market.provider,
    direction: part.direction,
    method: part.method,
    provider_payment_id: part.providerPaymentId,
    provider_reference: part.providerReference,
    merchant_reference: part.merchantReference,
    payment_reference: part.paymentReference,
    amount_minor: part.amountMinor,
    currency: part.currency,
    country: base.market.country,
    bank_id: part.bankId,
    bank_name: part.bankName,
    customer_name: customer.name,
    customer_name_search: normalizeForSearch(customer.name),
    customer_email: customer.email,
    customer_phone: customer.phone,
    customer_document: part.document,
    card_bin: part.cardBin,
    card_last4: part.cardLast4,
    merchant_user_id: customer.merchantUserId,
    status: last.normalized.status,
    provider_status: last.normalized.providerStatus,
    detailed_status: last.normalized.detailedStatus,
    phase: last.normalized.phase,
    failure_category: last.normalized.failureCategory,
    failure_codes: last.normalized.failureCodes,
    status_at: new Date(last.at),
    status_event_key: last.key,
    created_at: new Date(base.createdAt),
    updated_at: new Date(Math.max(...events.map((event) => event.recordedAt))),
    // As ingestion keeps it: when the money first moved, kept through a later refund.
    completed_at: completed ? new Date(completed.at) : null,
    next_check_at: checks.next === null ? null : new Date(checks.next),
    last_checked_at: checks.last === null ? null : new Date(checks.last),
    check_attempts: checks.attempts,
    metadata: part.metadata,
  };
  const eventRows = events.map((event): GeneratedEventRow => ({
    payment_id: base.id,
    event_key: event.key,
    source: event.source,
    status: event.normalized.status,
    provider_status: event.normalized.providerStatus,
    detailed_status: event.normalized.detailedStatus,
    phase: event.normalized.phase,
    failure_category: event.normalized.failureCategory,
    failure_codes: event.normalized.failureCodes,
    occurred_at: new Date(event.at),
    recorded_at: new Date(event.recordedAt),
    payload: event.payload,
  }));
  const { decision, approvals } =
    part.direction === 'payout'
      ? payoutRows(options, payment, part.decision ?? null, staffRandom, now)
      : { decision: null, approvals: [] };
  return {
    payment,
    events: eventRows,
    payoutDecision: decision,
    payoutApprovals: approvals,
    refund: refundRow(options, payment, part, staffRandom),
  };
}

/**
 * The poller's bookkeeping as ingestion leaves it: checks back off from the event that set
 * the current status and restart from zero when it changes; a final status needs none,
 * and keeps the time of the last check made while it was still open.
 */
function statusChecks(
  provider: Provider,
  direction: Direction,
  events: readonly TimelineEvent[],
  now: number,
): { next: number | null; last: number | null; attempts: number } {
  // Index of the event that set the current unified status, and of the one before it.
  const runStart = (end: number): number => {
    let start = end;
    while (start > 0 && events[start - 1]!.normalized.status === events[end]!.normalized.status) start--;
    return start;
  };
  const current = runStart(events.length - 1);
  const status = events[current]!.normalized.status;
  if (!events[current]!.normalized.isFinal) {
    const history = checksBetween({ provider, direction, status }, events[current]!.recordedAt, now);
    return { next: history.next, last: history.last, attempts: history.count };
  }
  if (current === 0) return { next: null, last: null, attempts: 0 };
  const previous = runStart(current - 1);
  const before = checksBetween(
    { provider, direction, status: events[previous]!.normalized.status },
    events[previous]!.recordedAt,
    events[current]!.recordedAt,
  );
  return { next: null, last: before.last, attempts: 0 };
}

// The decision state each Kasha payout status leaves behind once the merchant approved.
const STATE_AFTER_APPROVAL: Readonly<Record<string, string>> = {
  PROCESSING: 'processing',
  COMPLETED: 'completed',
  DECLINED: 'failed',
  // Outcome unknown (1100): still with the processor as far as we know.
  ERROR: 'processing',
};

function payoutRows(
  options: StaffOptions,
  payment: GeneratedPaymentRow,
  decision: PayoutDecisionPlan | null,
  random: Random,
  now: number,
): { decision: GeneratedPayoutDecisionRow | null; approvals: GeneratedPayoutApprovalRow[] } {
  const approvers = options.payoutApproverIds ?? [];
  const required = requiredApprovals(payment.amount_minor, payment.currency);
  const createdAt = payment.created_at.getTime();
  const shuffled = approvers
    .map((id) => [id, random.next()] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([id]) => id);
  if (decision === null) {
    // Awaiting a decision; some large ones already carry the first of two approvals.
    const approvals: GeneratedPayoutApprovalRow[] = [];
    const firstApprovalAt = Math.min(now, createdAt + random.float(10 * MINUTE, 8 * HOUR));
    if (required === 2 && shuffled.length > 0 && random.chance(0.3)) {
      approvals.push({ payment_id: payment.id, user_id: shuffled[0]!, created_at: new Date(firstApprovalAt) });
    }
    return {
      decision: {
        payment_id: payment.id,
        state: 'awaiting_approval',
        required_approvals: required,
        decided_action: null,
        decline_reason: null,
        decided_at: null,
        decided_by: null,
        provider_answer: null,
        created_at: payment.created_at,
        updated_at: approvals[0]?.created_at ?? payment.created_at,
      },
      approvals,
    };
  }
  // Decided in Kasha's merchant portal when we have no approvers to credit it to.
  if (shuffled.length === 0) return { decision: null, approvals: [] };
  const decidedAt = new Date(decision.decidedAt);
  const approvals: GeneratedPayoutApprovalRow[] = [];
  if (decision.action === 'APPROVE') {
    const count = Math.min(required, shuffled.length);
    for (let i = 0; i < count; i++) {
      const at =
        i === count - 1
          ? decision.decidedAt
          : Math.max(createdAt, decision.decidedAt - random.float(5 * MINUTE, 3 * HOUR));
      approvals.push({ payment_id: payment.id, user_id: shuffled[i]!, created_at: new Date(at) });
    }
  }
  const state =
    decision.action === 'DECLINE' ? 'declined' : (STATE_AFTER_APPROVAL[payment.provider_status] ?? 'processing');
  return {
    decision: {
      payment_id: payment.id,
      state,
      required_approvals: required,
      decided_action: decision.action,
      decline_reason: decision.declineReason,
      decided_at: decidedAt,
      // The final approver, or whoever declined.
      decided_by: approvals[approvals.length - 1]?.user_id ?? shuffled[0]!,
      provider_answer: {
        statusCode: '000',
        status: decision.action === 'APPROVE' ? 'PROCESSING' : 'DECLINED',
        transactionId: payment.provider_payment_id,
        merchantReference: payment.merchant_reference,
        result:
          decision.action === 'APPROVE' ? 'Payout request was submitted successfully.' : 'Payout request was declined.',
      },
      created_at: payment.created_at,
      updated_at: payment.updated_at,
    },
    approvals,
  };
}

function refundRow(
  options: StaffOptions,
  payment: GeneratedPaymentRow,
  part: ProviderPart,
  random: Random,
): GeneratedRefundRow | null {
  const requestedBy = options.refundRequestedBy;
  const refundedAt = part.refundedAt ?? null;
  if (!requestedBy || refundedAt === null) return null;
  return {
    id: random.uuid(),
    payment_id: payment.id,
    merchant_reference: payment.merchant_reference,
    amount_minor: payment.amount_minor,
    currency: payment.currency,
    state: 'succeeded',
    reason: random.weighted(REFUND_REASONS),
    requested_by: requestedBy,
    requested_role: options.refundRequestedRole ?? 'support',
    provider_answer: {
      statusCode: '000',
      errorReason: 'Success',
      paymentAmount: Number(fromMinorUnits(payment.amount_minor, payment.currency)),
      status: 'REFUNDED',
      currency: payment.currency,
      country: payment.country,
      paymentOptionName: part.optionName ?? null,
      userId: payment.merchant_user_id,
      type: 'All',
      _id: payment.provider_payment_id,
      createdAt: iso(payment.created_at.getTime()),
      updatedAt: iso(payment.status_at.getTime()),
    },
    created_at: new Date(refundedAt),
    updated_at: payment.status_at,
  };
}
