import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPayoutDecisionEvent,
  approvalProgress,
  isDeclinedByMerchant,
  isFinalPayoutDecisionState,
  PAYOUT_DECISION_STATES,
  PAYOUT_DECISION_TRANSITIONS,
  payoutActionEffect,
  type PayoutAction,
  type PayoutDecision,
  type PayoutDecisionEvent,
  type PayoutDecisionState,
} from './payout-decision.ts';

const fresh = (requiredApprovals: 1 | 2): PayoutDecision => ({ state: 'awaiting_approval', requiredApprovals, approvedBy: [], action: null });

function run(decision: PayoutDecision, ...events: PayoutDecisionEvent[]): PayoutDecision {
  let current = decision;
  for (const event of events) {
    const result = applyPayoutDecisionEvent(current, event);
    if (!result.ok) throw new Error(result.message);
    current = result.decision;
  }
  return current;
}

describe('a payout decision', () => {
  it('below the limit is approved by one finance user and sent as APPROVE once', () => {
    const result = applyPayoutDecisionEvent(fresh(1), { type: 'approve', userId: 'ana' });
    expect(result).toMatchObject({ ok: true, send: 'APPROVE', decision: { state: 'approving', approvedBy: ['ana'], action: 'APPROVE' } });
  });

  it('above the limit records the first approval as "1 of 2" and sends nothing yet', () => {
    const result = applyPayoutDecisionEvent(fresh(2), { type: 'approve', userId: 'ana' });
    expect(result).toMatchObject({ ok: true, send: null, decision: { state: 'awaiting_approval', approvedBy: ['ana'] } });
    if (result.ok) expect(approvalProgress(result.decision)).toBe('1 of 2');
  });

  it('above the limit refuses the same person twice and accepts a second, different person', () => {
    const once = run(fresh(2), { type: 'approve', userId: 'ana' });
    expect(applyPayoutDecisionEvent(once, { type: 'approve', userId: 'ana' })).toMatchObject({ ok: false, code: 'SAME_APPROVER' });
    expect(applyPayoutDecisionEvent(once, { type: 'approve', userId: 'ben' })).toMatchObject({ ok: true, send: 'APPROVE', decision: { state: 'approving' } });
  });

  it('needs a reason to be declined', () => {
    expect(applyPayoutDecisionEvent(fresh(1), { type: 'decline', userId: 'ana', reason: '  ' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(applyPayoutDecisionEvent(fresh(1), { type: 'decline', userId: 'ana', reason: 'Beneficiary name does not match' })).toMatchObject({
      ok: true,
      send: 'DECLINE',
      decision: { state: 'declining', action: 'DECLINE' },
    });
  });

  it('cannot be approved after it was declined, nor declined after it was approved', () => {
    const declined = run(fresh(1), { type: 'decline', userId: 'ana', reason: 'Duplicate payout' });
    expect(applyPayoutDecisionEvent(declined, { type: 'approve', userId: 'ben' })).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
    const approved = run(fresh(1), { type: 'approve', userId: 'ana' });
    expect(applyPayoutDecisionEvent(approved, { type: 'decline', userId: 'ben', reason: 'Too late' })).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
  });

  it('follows Kasha: PROCESSING after the approval, then COMPLETED or DECLINED by the processor', () => {
    const approved = run(fresh(1), { type: 'approve', userId: 'ana' });
    const processing = run(approved, { type: 'providerAnswered', action: 'APPROVE', outcome: 'accepted' });
    expect(processing.state).toBe('processing');
    expect(run(processing, { type: 'providerStatus', status: 'COMPLETED' }).state).toBe('completed');
    expect(run(processing, { type: 'providerStatus', status: 'DECLINED' }).state).toBe('failed');
    // 1100: nobody knows yet whether money left.
    expect(run(processing, { type: 'providerStatus', status: 'ERROR' }).state).toBe('processing');
  });

  it('takes a webhook that overtook Kasha’s answer, and the late answer then changes nothing', () => {
    const approved = run(fresh(1), { type: 'approve', userId: 'ana' });
    const viaWebhook = run(approved, { type: 'providerStatus', status: 'PROCESSING' });
    expect(viaWebhook.state).toBe('processing');
    expect(applyPayoutDecisionEvent(viaWebhook, { type: 'providerAnswered', action: 'APPROVE', outcome: 'accepted' })).toMatchObject({
      ok: true,
      isChanged: false,
      decision: { state: 'processing' },
    });
  });

  it('refuses an answer to an action it never sent', () => {
    expect(applyPayoutDecisionEvent(fresh(1), { type: 'providerAnswered', action: 'APPROVE', outcome: 'accepted' })).toMatchObject({ ok: false });
    const declined = run(fresh(1), { type: 'decline', userId: 'ana', reason: 'Fraud suspicion' });
    expect(applyPayoutDecisionEvent(declined, { type: 'providerAnswered', action: 'APPROVE', outcome: 'accepted' })).toMatchObject({ ok: false });
  });
});

describe('whether Kasha’s DECLINED on a payout is the merchant’s own decline', () => {
  it('is, from the moment we decline until Kasha has it, whichever of its answer or its webhook comes first', () => {
    const declining = run(fresh(1), { type: 'decline', userId: 'ana', reason: 'Beneficiary name does not match' });
    expect(isDeclinedByMerchant(declining)).toBe(true);
    expect(isDeclinedByMerchant(run(declining, { type: 'providerStatus', status: 'DECLINED' }))).toBe(true);
    expect(isDeclinedByMerchant(run(declining, { type: 'providerAnswered', action: 'DECLINE', outcome: 'accepted' }))).toBe(true);
  });

  it('is not while awaiting a decision, after an approval, or when our decline could not apply', () => {
    expect(isDeclinedByMerchant(fresh(1))).toBe(false);
    const approved = run(fresh(1), { type: 'approve', userId: 'ana' });
    expect(isDeclinedByMerchant(approved)).toBe(false);
    // The processor refused the payout after our approval.
    expect(isDeclinedByMerchant(run(approved, { type: 'providerAnswered', action: 'APPROVE', outcome: 'accepted' }, { type: 'providerStatus', status: 'DECLINED' }))).toBe(false);
    // Someone approved it in Kasha's portal first, so our decline failed.
    const declining = run(fresh(1), { type: 'decline', userId: 'ana', reason: 'Duplicate payout' });
    expect(isDeclinedByMerchant(run(declining, { type: 'providerStatus', status: 'PROCESSING' }))).toBe(false);
  });

  it('holds in exactly the declining and declined states, over every state and action', () => {
    for (const state of PAYOUT_DECISION_STATES) {
      for (const action of ['APPROVE', 'DECLINE', null] as const) {
        const expected = action === 'DECLINE' && (state === 'declining' || state === 'declined');
        expect(isDeclinedByMerchant({ state, action }), `${state} ${action}`).toBe(expected);
      }
    }
  });
});

describe('whether a confirm-payout call took effect, from the payout’s status', () => {
  it('is "not applied" only while Kasha still shows PENDING', () => {
    for (const action of ['APPROVE', 'DECLINE'] as const) expect(payoutActionEffect(action, 'PENDING')).toBe('not_applied');
    expect(payoutActionEffect('APPROVE', 'PROCESSING')).toBe('applied');
    expect(payoutActionEffect('APPROVE', 'ERROR')).toBe('applied');
    expect(payoutActionEffect('DECLINE', 'DECLINED')).toBe('applied');
    expect(payoutActionEffect('DECLINE', 'COMPLETED')).toBe('superseded');
    expect(payoutActionEffect('APPROVE', 'DECLINED')).toBe('superseded');
    expect(payoutActionEffect('APPROVE', 'SOMETHING_NEW')).toBe('undetermined');
  });
});

// ---- model-based: random sequences of everything that can happen to one payout ---------

const USERS = ['ana', 'ben', 'cho'] as const;
const KASHA_STATUSES = ['PENDING', 'PROCESSING', 'COMPLETED', 'DECLINED', 'ERROR', 'REFUNDED', 'weird'] as const;

/** An independent statement of the rules, written as tables rather than code paths. */
interface Model {
  state: PayoutDecisionState;
  required: 1 | 2;
  approvers: string[];
  action: PayoutAction | null;
  sends: number;
}

const AFTER_ANSWER: Partial<Record<PayoutDecisionState, Record<'accepted' | 'refused', PayoutDecisionState>>> = {
  approving: { accepted: 'processing', refused: 'failed' },
  declining: { accepted: 'declined', refused: 'failed' },
};
const AFTER_STATUS: Partial<Record<PayoutDecisionState, Partial<Record<string, PayoutDecisionState>>>> = {
  approving: { PROCESSING: 'processing', ERROR: 'processing', COMPLETED: 'completed', DECLINED: 'failed' },
  declining: { DECLINED: 'declined', PROCESSING: 'failed', COMPLETED: 'failed', ERROR: 'failed' },
  processing: { COMPLETED: 'completed', DECLINED: 'failed' },
};

interface Real {
  decision: PayoutDecision;
}

function checkInvariants(before: PayoutDecision, after: PayoutDecision): void {
  if (before.state !== after.state) {
    expect(PAYOUT_DECISION_TRANSITIONS[before.state]).toContain(after.state);
  }
  if (isFinalPayoutDecisionState(before.state)) expect(after).toEqual(before);
  expect(new Set(after.approvedBy).size).toBe(after.approvedBy.length);
  expect(after.approvedBy.length).toBeLessThanOrEqual(after.requiredApprovals);
  if (after.action === 'APPROVE') expect(after.approvedBy.length).toBe(after.requiredApprovals);
  expect(after.action === null).toBe(after.state === 'awaiting_approval');
  // The action never flips once taken.
  if (before.action !== null) expect(after.action).toBe(before.action);
}

class ApproveCommand implements fc.Command<Model, Real> {
  constructor(readonly user: string) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const before = real.decision;
    const result = applyPayoutDecisionEvent(before, { type: 'approve', userId: this.user });
    if (model.state !== 'awaiting_approval') {
      expect(result).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
      return;
    }
    if (model.approvers.includes(this.user)) {
      expect(result).toMatchObject({ ok: false, code: 'SAME_APPROVER' });
      return;
    }
    if (!result.ok) throw new Error(`refused a valid approval: ${result.message}`);
    model.approvers.push(this.user);
    if (model.approvers.length >= model.required) {
      model.state = 'approving';
      model.action = 'APPROVE';
      model.sends += 1;
      expect(result.send).toBe('APPROVE');
    } else {
      expect(result.send).toBeNull();
    }
    checkInvariants(before, result.decision);
    real.decision = result.decision;
  }
  toString = () => `approve(${this.user})`;
}

class DeclineCommand implements fc.Command<Model, Real> {
  constructor(readonly user: string, readonly reason: string) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const before = real.decision;
    const result = applyPayoutDecisionEvent(before, { type: 'decline', userId: this.user, reason: this.reason });
    if (model.state !== 'awaiting_approval') {
      expect(result).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
      return;
    }
    if (this.reason.trim().length < 3) {
      expect(result).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
      return;
    }
    if (!result.ok) throw new Error(`refused a valid decline: ${result.message}`);
    model.state = 'declining';
    model.action = 'DECLINE';
    model.sends += 1;
    expect(result.send).toBe('DECLINE');
    checkInvariants(before, result.decision);
    real.decision = result.decision;
  }
  toString = () => `decline(${this.user}, ${JSON.stringify(this.reason)})`;
}

class AnswerCommand implements fc.Command<Model, Real> {
  constructor(readonly action: PayoutAction, readonly outcome: 'accepted' | 'refused') {}
  check = () => true;
  run(model: Model, real: Real): void {
    const before = real.decision;
    const result = applyPayoutDecisionEvent(before, { type: 'providerAnswered', action: this.action, outcome: this.outcome });
    if (model.action !== this.action) {
      expect(result.ok).toBe(false);
      return;
    }
    if (!result.ok) throw new Error(`refused a plausible answer: ${result.message}`);
    const next = AFTER_ANSWER[model.state]?.[this.outcome];
    if (next) model.state = next;
    expect(result.decision.state).toBe(model.state);
    expect(result.send).toBeNull();
    checkInvariants(before, result.decision);
    real.decision = result.decision;
  }
  toString = () => `answer(${this.action}, ${this.outcome})`;
}

class StatusCommand implements fc.Command<Model, Real> {
  constructor(readonly status: string) {}
  check = () => true;
  run(model: Model, real: Real): void {
    const before = real.decision;
    const result = applyPayoutDecisionEvent(before, { type: 'providerStatus', status: this.status });
    if (!result.ok) throw new Error(`refused a provider status: ${result.message}`);
    const next = AFTER_STATUS[model.state]?.[this.status];
    if (next) model.state = next;
    expect(result.decision.state).toBe(model.state);
    expect(result.send).toBeNull();
    checkInvariants(before, result.decision);
    real.decision = result.decision;
  }
  toString = () => `status(${this.status})`;
}

const commands = [
  fc.constantFrom(...USERS).map((user) => new ApproveCommand(user)),
  fc.tuple(fc.constantFrom(...USERS), fc.constantFrom('', ' x ', 'Beneficiary mismatch')).map(([user, reason]) => new DeclineCommand(user, reason)),
  fc.tuple(fc.constantFrom<PayoutAction>('APPROVE', 'DECLINE'), fc.constantFrom('accepted' as const, 'refused' as const)).map(
    ([action, outcome]) => new AnswerCommand(action, outcome),
  ),
  fc.constantFrom(...KASHA_STATUSES).map((status) => new StatusCommand(status)),
];

describe('the payout decision machine, driven by random sequences (fast-check commands)', () => {
  it('never accepts an illegal transition, a second approval by the same person, or a second send', () => {
    fc.assert(
      fc.property(fc.constantFrom<1 | 2>(1, 2), fc.commands(commands, { maxCommands: 40 }), (required, cmds) => {
        const model: Model = { state: 'awaiting_approval', required, approvers: [], action: null, sends: 0 };
        const real: Real = { decision: fresh(required) };
        fc.modelRun(() => ({ model, real }), cmds);
        expect(model.sends).toBeLessThanOrEqual(1);
        expect(real.decision.state).toBe(model.state);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers every event in every state with a refusal or a transition from the table', () => {
    const anyDecision = fc.record({
      state: fc.constantFrom(...PAYOUT_DECISION_STATES),
      requiredApprovals: fc.constantFrom<1 | 2>(1, 2),
      approvedBy: fc.uniqueArray(fc.constantFrom(...USERS), { maxLength: 1 }),
      action: fc.constantFrom<PayoutAction | null>('APPROVE', 'DECLINE', null),
    });
    const anyEvent: fc.Arbitrary<PayoutDecisionEvent> = fc.oneof(
      fc.constantFrom(...USERS).map((userId) => ({ type: 'approve' as const, userId })),
      fc.record({ type: fc.constant('decline' as const), userId: fc.constantFrom(...USERS), reason: fc.string() }),
      fc.record({
        type: fc.constant('providerAnswered' as const),
        action: fc.constantFrom<PayoutAction>('APPROVE', 'DECLINE'),
        outcome: fc.constantFrom('accepted' as const, 'refused' as const),
      }),
      fc.oneof(fc.constantFrom(...KASHA_STATUSES), fc.string()).map((status) => ({ type: 'providerStatus' as const, status })),
    );
    fc.assert(
      fc.property(anyDecision, anyEvent, (decision, event) => {
        const result = applyPayoutDecisionEvent(decision, event);
        if (!result.ok) return;
        const { state } = result.decision;
        if (state !== decision.state) expect(PAYOUT_DECISION_TRANSITIONS[decision.state]).toContain(state);
        if (isFinalPayoutDecisionState(decision.state)) expect(state).toBe(decision.state);
        if (result.send) expect(decision.state).toBe('awaiting_approval');
      }),
      { numRuns: 5000 },
    );
  });
});
