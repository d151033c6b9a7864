import type { CallEffect } from './payout-decision.ts';

// A refund by merchant reference, as pure code. A Kasha refund cannot be undone, so the
// one rule that matters most: once a refund request may have reached Kasha, it is sent
// again only after a lookup proved that it did not take effect.

export type RefundState = 'requested' | 'submitted' | 'succeeded' | 'failed' | 'unknown';

export const REFUND_STATES = ['requested', 'submitted', 'succeeded', 'failed', 'unknown'] as const satisfies readonly RefundState[];

/**
 * `requested`: decided here, not sent yet (or a lookup proved the last send did nothing).
 * `submitted`: being sent now. `unknown`: it may or may not have reached Kasha.
 */
export const REFUND_TRANSITIONS: Readonly<Record<RefundState, readonly RefundState[]>> = {
  requested: ['submitted'],
  submitted: ['succeeded', 'failed', 'unknown', 'requested'],
  unknown: ['succeeded', 'failed', 'requested'],
  succeeded: [],
  failed: [],
};

export const REFUND_STATE_LABELS: Readonly<Record<RefundState, string>> = {
  requested: 'Requested',
  submitted: 'Sent to Kasha',
  succeeded: 'Refunded',
  failed: 'Failed',
  unknown: 'Outcome unknown, checking',
};

export const REFUND_STATE_MEANINGS: Readonly<Record<RefundState, string>> = {
  requested: 'Recorded in Paydesk; it goes to Kasha within seconds.',
  submitted: 'Sent to Kasha; waiting for its answer.',
  succeeded: 'Kasha refunded the payment. The money goes back to the customer; this cannot be undone.',
  failed: 'Kasha refused the refund; nothing was returned. The reason is shown with it.',
  unknown: 'We could not tell whether Kasha received the refund. Paydesk looks the payment up and never sends it twice; do not refund again.',
};

export function isRefundState(value: string): value is RefundState {
  return (REFUND_STATES as readonly string[]).includes(value);
}

export function isFinalRefundState(state: RefundState): boolean {
  return REFUND_TRANSITIONS[state].length === 0;
}

export type RefundEvent =
  /** The worker is about to call Kasha. */
  | { type: 'send' }
  /** Kasha answered: refunded (or "already refunded"), or refused it (4xx). */
  | { type: 'answered'; outcome: 'refunded' | 'refused' }
  /** The request certainly never left (connection refused): it may simply be sent later. */
  | { type: 'notSent' }
  /** Timeout, cut connection or 5xx after sending, or a worker found dead mid-call. */
  | { type: 'outcomeUnknown' }
  /** Kasha's status of the pay-in, fresh from a lookup made after a doubt. */
  | { type: 'lookedUp'; status: string }
  /** Kasha's status from a webhook: possibly old news, delivered late or out of order. */
  | { type: 'providerStatus'; status: string };

export type RefundResult =
  | { ok: true; state: RefundState; isChanged: boolean }
  | { ok: false; message: string };

/**
 * What a refund becomes after an event; an event that may not happen now is refused. A
 * settled refund stays as it is: late reports (an answer after a webhook) change nothing.
 */
export function applyRefundEvent(state: RefundState, event: RefundEvent): RefundResult {
  const to = (next: RefundState): RefundResult => ({ ok: true, state: next, isChanged: next !== state });
  const refuse = (message: string): RefundResult => ({ ok: false, message });
  if (isFinalRefundState(state)) {
    return event.type === 'send' ? refuse(`A ${REFUND_STATE_LABELS[state].toLowerCase()} refund is not sent again.`) : to(state);
  }
  switch (event.type) {
    case 'send':
      if (state === 'requested') return to('submitted');
      if (state === 'unknown') return refuse('The last attempt may have reached Kasha; look the payment up before sending again.');
      return refuse('This refund is being sent already.');
    case 'answered':
      if (state === 'submitted') return to(event.outcome === 'refunded' ? 'succeeded' : 'failed');
      return refuse(`Kasha answered a refund that was not being sent (${state}).`);
    case 'notSent':
      if (state === 'submitted') return to('requested');
      return refuse(`Only a refund being sent can fail to leave (${state}).`);
    case 'outcomeUnknown':
      if (state === 'submitted' || state === 'unknown') return to('unknown');
      return refuse(`A ${state} refund was not sent, so it cannot be uncertain.`);
    case 'lookedUp': {
      if (state !== 'unknown') return refuse(`Only an uncertain refund is settled by a lookup (${state}).`);
      const effect = refundEffect(event.status);
      if (effect === 'applied') return to('succeeded');
      if (effect === 'superseded') return to('failed');
      // The lookup proved nothing happened: the same request may go again.
      if (effect === 'not_applied') return to('requested');
      return to(state);
    }
    case 'providerStatus':
      // A webhook may be stale, so it can only confirm a refund, never reopen one: a late
      // COMPLETED callback says nothing about a refund sent since.
      if ((state === 'submitted' || state === 'unknown') && refundEffect(event.status) === 'applied') return to('succeeded');
      return to(state);
  }
}

/**
 * Whether a refund of a Kasha pay-in took effect, judged from the pay-in's status: REFUNDED
 * yes, still COMPLETED no; anything else means it can no longer be refunded.
 */
export function refundEffect(kashaStatus: string): CallEffect {
  const status = kashaStatus.toUpperCase();
  if (status === 'REFUNDED') return 'applied';
  if (status === 'COMPLETED') return 'not_applied';
  if (status === 'PENDING' || status === 'PROCESSING' || status === 'ERROR') return 'undetermined';
  return 'superseded';
}
