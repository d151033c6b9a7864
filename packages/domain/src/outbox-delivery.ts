import type { CallEffect } from './payout-decision.ts';

// How one money-moving command (a payout decision, a refund) travels to the provider. The
// outbox worker follows this machine; the rule it enforces is that a call which may have
// arrived is never sent again until a lookup proved it did not take effect.

export type OutboxState = 'pending' | 'in_flight' | 'succeeded' | 'failed' | 'unknown';

export const OUTBOX_STATES = ['pending', 'in_flight', 'succeeded', 'failed', 'unknown'] as const satisfies readonly OutboxState[];

export const OUTBOX_TRANSITIONS: Readonly<Record<OutboxState, readonly OutboxState[]>> = {
  pending: ['in_flight'],
  in_flight: ['succeeded', 'failed', 'unknown', 'pending'],
  unknown: ['succeeded', 'failed', 'pending'],
  succeeded: [],
  failed: [],
};

export type OutboxEvent =
  /** Committed before the call is made, so a crash mid-call leaves a trace. */
  | { type: 'send' }
  | { type: 'answered'; outcome: 'accepted' | 'refused' }
  /** The request certainly never left. */
  | { type: 'notSent' }
  /** Timeout, cut connection, 5xx after sending, or an in-flight row whose worker died. */
  | { type: 'outcomeUnknown' }
  /** What a lookup showed about the earlier call. */
  | { type: 'lookedUp'; effect: CallEffect };

export type OutboxResult = { ok: true; state: OutboxState } | { ok: false; message: string };

/** The next state of an outbox row; events that may not happen in its state are refused. */
export function applyOutboxEvent(state: OutboxState, event: OutboxEvent): OutboxResult {
  const to = (next: OutboxState): OutboxResult => ({ ok: true, state: next });
  const refuse = (message: string): OutboxResult => ({ ok: false, message });
  switch (event.type) {
    case 'send':
      return state === 'pending' ? to('in_flight') : refuse(`A ${state} command is not sent (look it up first if it is unknown).`);
    case 'answered':
      return state === 'in_flight' ? to(event.outcome === 'accepted' ? 'succeeded' : 'failed') : refuse(`No call is in flight (${state}).`);
    case 'notSent':
      return state === 'in_flight' ? to('pending') : refuse(`No call is in flight (${state}).`);
    case 'outcomeUnknown':
      return state === 'in_flight' || state === 'unknown' ? to('unknown') : refuse(`A ${state} command cannot become uncertain.`);
    case 'lookedUp':
      if (state !== 'unknown') return refuse(`Only an uncertain command is looked up (${state}).`);
      switch (event.effect) {
        case 'applied':
          return to('succeeded');
        case 'superseded':
          return to('failed');
        case 'not_applied':
          return to('pending');
        case 'undetermined':
          return to('unknown');
      }
  }
}

/** Outbox states a worker still has to act on. */
export function isOpenOutboxState(state: OutboxState): boolean {
  return OUTBOX_TRANSITIONS[state].length > 0;
}

/** Idempotency key of a payout's decision: one per payout, whoever decides and however often it is retried. */
export function payoutDecisionKey(paymentId: string): string {
  return `payout:${paymentId}:decision`;
}

/** Idempotency key of a refund: one per merchant reference, as Kasha allows one refund per reference. */
export function refundKey(merchantReference: string): string {
  return `refund:${merchantReference}`;
}
