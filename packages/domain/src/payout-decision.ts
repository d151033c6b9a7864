// The life of a decision on a Kasha payout, as pure code: which event may move it where.
// The API locks the decision row, asks this module, and writes what it answers; the outbox
// worker and ingestion do the same with what Kasha says. Nothing here does I/O.

export type PayoutDecisionState =
  'awaiting_approval' | 'approving' | 'declining' | 'processing' | 'completed' | 'failed' | 'declined';

export const PAYOUT_DECISION_STATES = [
  'awaiting_approval',
  'approving',
  'declining',
  'processing',
  'completed',
  'failed',
  'declined',
] as const satisfies readonly PayoutDecisionState[];

export type PayoutAction = 'APPROVE' | 'DECLINE';

/**
 * Every move the machine may make. `approving`/`declining` mean "decided here, being sent
 * to Kasha"; `processing` means Kasha accepted an approval and the processor has it.
 */
export const PAYOUT_DECISION_TRANSITIONS: Readonly<Record<PayoutDecisionState, readonly PayoutDecisionState[]>> = {
  awaiting_approval: ['approving', 'declining'],
  approving: ['processing', 'completed', 'failed'],
  declining: ['declined', 'failed'],
  processing: ['completed', 'failed'],
  completed: [],
  failed: [],
  declined: [],
};

export const PAYOUT_DECISION_LABELS: Readonly<Record<PayoutDecisionState, string>> = {
  awaiting_approval: 'Awaiting approval',
  approving: 'Approved, sending to Kasha',
  declining: 'Declined, sending to Kasha',
  processing: 'With the processor',
  completed: 'Paid out',
  failed: 'Failed',
  declined: 'Declined',
};

export function isPayoutDecisionState(value: string): value is PayoutDecisionState {
  return (PAYOUT_DECISION_STATES as readonly string[]).includes(value);
}

export function isFinalPayoutDecisionState(state: PayoutDecisionState): boolean {
  return PAYOUT_DECISION_TRANSITIONS[state].length === 0;
}

/**
 * True when a DECLINED from Kasha on this payout is our own decline taking effect: we
 * declined it, and Kasha has the decline or is being sent it. A payout we approved that ends
 * DECLINED was refused by the processor (or declined in Kasha's portal before our approval
 * got there); nothing tells us which, so its code decides, as for any failure.
 */
export function isDeclinedByMerchant(decision: Pick<PayoutDecision, 'state' | 'action'>): boolean {
  return decision.action === 'DECLINE' && (decision.state === 'declining' || decision.state === 'declined');
}

export interface PayoutDecision {
  state: PayoutDecisionState;
  requiredApprovals: 1 | 2;
  /** Distinct finance users who approved, in order. */
  approvedBy: readonly string[];
  /** Set once the payout is decided here. */
  action: PayoutAction | null;
}

export type PayoutDecisionEvent =
  | { type: 'approve'; userId: string }
  | { type: 'decline'; userId: string; reason: string }
  /** Kasha's answer to our confirm-payout call: it took the action, or refused it (4xx). */
  | { type: 'providerAnswered'; action: PayoutAction; outcome: 'accepted' | 'refused' }
  /** The payout's Kasha status, from a webhook or a lookup. */
  | { type: 'providerStatus'; status: string };

export type PayoutRefusalCode = 'ALREADY_DECIDED' | 'SAME_APPROVER' | 'REASON_REQUIRED' | 'UNEXPECTED_ANSWER';

export type PayoutDecisionResult =
  | {
      ok: true;
      decision: PayoutDecision;
      /** False when the event was already reflected (a late or repeated report). */
      isChanged: boolean;
      /** The action to send to Kasha, exactly when the decision was just taken. */
      send: PayoutAction | null;
    }
  | { ok: false; code: PayoutRefusalCode; message: string };

export const MIN_DECLINE_REASON_LENGTH = 3;

const unchanged = (decision: PayoutDecision): PayoutDecisionResult => ({ ok: true, decision, isChanged: false, send: null });
const moved = (decision: PayoutDecision, state: PayoutDecisionState, send: PayoutAction | null = null): PayoutDecisionResult => ({
  ok: true,
  decision: { ...decision, state },
  isChanged: true,
  send,
});
const refuse = (code: PayoutRefusalCode, message: string): PayoutDecisionResult => ({ ok: false, code, message });

/** What a decision becomes after an event; refusals say why in words staff can read. */
export function applyPayoutDecisionEvent(decision: PayoutDecision, event: PayoutDecisionEvent): PayoutDecisionResult {
  switch (event.type) {
    case 'approve': {
      if (decision.state !== 'awaiting_approval') {
        return refuse('ALREADY_DECIDED', `This payout was already decided (${PAYOUT_DECISION_LABELS[decision.state].toLowerCase()}).`);
      }
      if (decision.approvedBy.includes(event.userId)) {
        return refuse('SAME_APPROVER', 'You already approved this payout; a different finance user must give the second approval.');
      }
      const approvedBy = [...decision.approvedBy, event.userId];
      if (approvedBy.length < decision.requiredApprovals) {
        // Recorded, still waiting: the queue shows "1 of 2".
        return { ok: true, decision: { ...decision, approvedBy }, isChanged: true, send: null };
      }
      return moved({ ...decision, approvedBy, action: 'APPROVE' }, 'approving', 'APPROVE');
    }
    case 'decline': {
      if (decision.state !== 'awaiting_approval') {
        return refuse('ALREADY_DECIDED', `This payout was already decided (${PAYOUT_DECISION_LABELS[decision.state].toLowerCase()}).`);
      }
      if (event.reason.trim().length < MIN_DECLINE_REASON_LENGTH) {
        return refuse('REASON_REQUIRED', 'Say why the payout is declined.');
      }
      return moved({ ...decision, action: 'DECLINE' }, 'declining', 'DECLINE');
    }
    case 'providerAnswered': {
      if (decision.action !== event.action || decision.state === 'awaiting_approval') {
        return refuse('UNEXPECTED_ANSWER', `Kasha answered a ${event.action} that this payout never sent.`);
      }
      if (decision.state === 'approving') return moved(decision, event.outcome === 'accepted' ? 'processing' : 'failed');
      if (decision.state === 'declining') return moved(decision, event.outcome === 'accepted' ? 'declined' : 'failed');
      // A webhook got here first; the answer adds nothing.
      return unchanged(decision);
    }
    case 'providerStatus': {
      const next = stateAfterProviderStatus(decision.state, event.status.toUpperCase());
      return next === decision.state ? unchanged(decision) : moved(decision, next);
    }
  }
}

function stateAfterProviderStatus(state: PayoutDecisionState, status: string): PayoutDecisionState {
  switch (state) {
    case 'approving':
      if (status === 'PROCESSING' || status === 'ERROR') return 'processing';
      if (status === 'COMPLETED') return 'completed';
      if (status === 'DECLINED') return 'failed';
      return state;
    case 'declining':
      if (status === 'DECLINED') return 'declined';
      // Someone approved it elsewhere (Kasha's portal): our decline can no longer apply.
      if (status === 'PROCESSING' || status === 'COMPLETED' || status === 'ERROR') return 'failed';
      return state;
    case 'processing':
      if (status === 'COMPLETED') return 'completed';
      if (status === 'DECLINED') return 'failed';
      // ERROR (1100) stays open: nobody knows yet whether money left.
      return state;
    default:
      // Awaiting: a payout decided outside Paydesk leaves the queue by its status, not here.
      return state;
  }
}

/**
 * Whether a confirm-payout call took effect, judged from the payout's Kasha status after a
 * doubt (a lookup, or the status a refusal reports). Only `not_applied` allows sending the
 * same call again; `superseded` means something else decided the payout.
 */
export type CallEffect = 'applied' | 'not_applied' | 'superseded' | 'undetermined';

export function payoutActionEffect(action: PayoutAction, kashaStatus: string): CallEffect {
  const status = kashaStatus.toUpperCase();
  if (status === 'PENDING') return 'not_applied';
  if (action === 'APPROVE') {
    if (status === 'PROCESSING' || status === 'COMPLETED' || status === 'ERROR') return 'applied';
    // Declined: by the processor after our approval, or by someone else before it. Either
    // way nothing may be sent again and the payout did not pay.
    if (status === 'DECLINED') return 'superseded';
    return 'undetermined';
  }
  if (status === 'DECLINED') return 'applied';
  if (status === 'PROCESSING' || status === 'COMPLETED' || status === 'ERROR') return 'superseded';
  return 'undetermined';
}

/** Approvals shown in the queue, e.g. "1 of 2". */
export function approvalProgress(decision: Pick<PayoutDecision, 'approvedBy' | 'requiredApprovals'>): string {
  return `${decision.approvedBy.length} of ${decision.requiredApprovals}`;
}
