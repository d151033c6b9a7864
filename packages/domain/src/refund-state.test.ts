import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOutboxEvent, OUTBOX_STATES, OUTBOX_TRANSITIONS, type OutboxEvent, type OutboxState } from './outbox-delivery.ts';
import { applyRefundEvent, isFinalRefundState, REFUND_STATES, REFUND_TRANSITIONS, refundEffect, type RefundEvent, type RefundState } from './refund-state.ts';

function run(state: RefundState, ...events: RefundEvent[]): RefundState {
  let current = state;
  for (const event of events) {
    const result = applyRefundEvent(current, event);
    if (!result.ok) throw new Error(result.message);
    current = result.state;
  }
  return current;
}

describe('a refund', () => {
  it('goes requested → submitted → succeeded when Kasha answers REFUNDED', () => {
    expect(run('requested', { type: 'send' }, { type: 'answered', outcome: 'refunded' })).toBe('succeeded');
  });

  it('fails when Kasha refuses it', () => {
    expect(run('requested', { type: 'send' }, { type: 'answered', outcome: 'refused' })).toBe('failed');
  });

  it('becomes unknown on a doubt and is not sent again until a lookup proves nothing happened', () => {
    const unknown = run('requested', { type: 'send' }, { type: 'outcomeUnknown' });
    expect(unknown).toBe('unknown');
    expect(applyRefundEvent(unknown, { type: 'send' }).ok).toBe(false);
    expect(run(unknown, { type: 'lookedUp', status: 'REFUNDED' })).toBe('succeeded');
    expect(run(unknown, { type: 'lookedUp', status: 'COMPLETED' }, { type: 'send' })).toBe('submitted');
  });

  it('is settled by a REFUNDED webhook, but a late COMPLETED webhook never reopens it', () => {
    expect(run('unknown', { type: 'providerStatus', status: 'REFUNDED' })).toBe('succeeded');
    expect(run('unknown', { type: 'providerStatus', status: 'COMPLETED' })).toBe('unknown');
    expect(run('submitted', { type: 'providerStatus', status: 'COMPLETED' })).toBe('submitted');
  });

  it('goes back to requested when the request certainly never left', () => {
    expect(run('requested', { type: 'send' }, { type: 'notSent' })).toBe('requested');
  });

  it('judges a lookup: REFUNDED applied, COMPLETED not applied, a failed pay-in superseded', () => {
    expect(refundEffect('REFUNDED')).toBe('applied');
    expect(refundEffect('completed')).toBe('not_applied');
    expect(refundEffect('DECLINED')).toBe('superseded');
    expect(refundEffect('ERROR')).toBe('undetermined');
  });
});

// ---- model-based: the worker, Kasha and webhooks interleaved at random --------------------
//
// The world knows the truth (did a refund reach Kasha?); the worker only learns what each
// call reports. The property that matters: no refund request ever reaches Kasha twice.

interface World {
  /** Requests that reached Kasha and were applied or answered "already refunded". */
  arrivals: number;
  isRefunded: boolean;
}

interface Real {
  refund: RefundState;
  outbox: OutboxState;
}

// A webhook can settle a refund before the worker settles its outbox row.
const OUTBOX_FOR_REFUND: Record<RefundState, readonly OutboxState[]> = {
  requested: ['pending'],
  submitted: ['in_flight'],
  unknown: ['unknown'],
  succeeded: ['succeeded', 'in_flight', 'unknown'],
  failed: ['failed'],
};

/** Drives both machines with one event each, as the worker does in one transaction. */
function step(real: Real, refundEvent: RefundEvent, outboxEvent: OutboxEvent): boolean {
  const refund = applyRefundEvent(real.refund, refundEvent);
  const outbox = applyOutboxEvent(real.outbox, outboxEvent);
  // The two machines must agree on what may happen (a settled refund ignores late reports).
  if (!isFinalRefundState(real.refund)) expect(refund.ok).toBe(outbox.ok);
  if (!outbox.ok) return false;
  if (!refund.ok) throw new Error(refund.message);
  if (refund.state !== real.refund) expect(REFUND_TRANSITIONS[real.refund]).toContain(refund.state);
  if (outbox.state !== real.outbox) expect(OUTBOX_TRANSITIONS[real.outbox]).toContain(outbox.state);
  real.refund = refund.state;
  real.outbox = outbox.state;
  return true;
}

function checkWorld(world: World, real: Real): void {
  expect(world.arrivals).toBeLessThanOrEqual(1);
  expect(OUTBOX_FOR_REFUND[real.refund]).toContain(real.outbox);
  if (real.refund === 'succeeded') expect(world.isRefunded).toBe(true);
  if (real.refund === 'failed') expect(world.isRefunded).toBe(false);
}

type Report = 'answer' | 'unknown' | 'notSent';

class SendCommand implements fc.Command<World, Real> {
  constructor(readonly arrives: boolean, readonly report: Report) {}
  check = () => true;
  run(world: World, real: Real): void {
    if (!step(real, { type: 'send' }, { type: 'send' })) return;
    if (this.arrives) {
      world.arrivals += 1;
      world.isRefunded = true;
    }
    // A request that arrived cannot report "never sent"; it is a doubt instead.
    const report: Report = this.arrives && this.report === 'notSent' ? 'unknown' : this.report;
    if (report === 'answer') {
      const outcome = this.arrives ? 'refunded' : 'refused';
      step(real, { type: 'answered', outcome }, { type: 'answered', outcome: outcome === 'refunded' ? 'accepted' : 'refused' });
    } else if (report === 'unknown') {
      step(real, { type: 'outcomeUnknown' }, { type: 'outcomeUnknown' });
    } else {
      step(real, { type: 'notSent' }, { type: 'notSent' });
    }
    checkWorld(world, real);
  }
  toString = () => `send(arrives=${this.arrives}, ${this.report})`;
}

/** The worker died after marking the call in flight; the next worker finds it stale. */
class StaleCommand implements fc.Command<World, Real> {
  constructor(readonly arrivedBeforeCrash: boolean) {}
  check = (_world: Readonly<World>) => true;
  run(world: World, real: Real): void {
    if (real.outbox !== 'in_flight') return;
    if (this.arrivedBeforeCrash) {
      world.arrivals += 1;
      world.isRefunded = true;
    }
    step(real, { type: 'outcomeUnknown' }, { type: 'outcomeUnknown' });
    checkWorld(world, real);
  }
  toString = () => `crash(arrived=${this.arrivedBeforeCrash})`;
}

class LookupCommand implements fc.Command<World, Real> {
  check = () => true;
  run(world: World, real: Real): void {
    const status = world.isRefunded ? 'REFUNDED' : 'COMPLETED';
    step(real, { type: 'lookedUp', status }, { type: 'lookedUp', effect: refundEffect(status) });
    checkWorld(world, real);
  }
  toString = () => 'lookup';
}

class WebhookCommand implements fc.Command<World, Real> {
  constructor(readonly isStale: boolean) {}
  check = () => true;
  run(world: World, real: Real): void {
    // Webhooks tell the truth, but a stale one tells an old truth (the pay-in's COMPLETED).
    // The outbox row is left as it is: its worker settles it by a lookup later.
    const status = world.isRefunded && !this.isStale ? 'REFUNDED' : 'COMPLETED';
    const result = applyRefundEvent(real.refund, { type: 'providerStatus', status });
    expect(result.ok).toBe(true);
    if (result.ok && result.state !== real.refund) {
      expect(REFUND_TRANSITIONS[real.refund]).toContain(result.state);
      real.refund = result.state;
    }
    checkWorld(world, real);
  }
  toString = () => `webhook(stale=${this.isStale})`;
}

const worldCommands = [
  fc.tuple(fc.boolean(), fc.constantFrom<Report>('answer', 'unknown', 'notSent')).map(([arrives, report]) => new SendCommand(arrives, report)),
  fc.boolean().map((arrived) => new StaleCommand(arrived)),
  fc.constant(new LookupCommand()),
  fc.boolean().map((stale) => new WebhookCommand(stale)),
];

describe('the refund and outbox machines, driven by random sequences (fast-check commands)', () => {
  it('never let a refund reach Kasha twice, whatever fails and in whatever order', () => {
    fc.assert(
      fc.property(fc.commands(worldCommands, { maxCommands: 40 }), (cmds) => {
        const world: World = { arrivals: 0, isRefunded: false };
        const real: Real = { refund: 'requested', outbox: 'pending' };
        fc.modelRun(() => ({ model: world, real }), cmds);
        checkWorld(world, real);
      }),
      { numRuns: 3000 },
    );
  });

  it('answer every event in every refund state with a refusal or a transition from the table', () => {
    const anyEvent: fc.Arbitrary<RefundEvent> = fc.oneof(
      fc.constant({ type: 'send' as const }),
      fc.constantFrom('refunded' as const, 'refused' as const).map((outcome) => ({ type: 'answered' as const, outcome })),
      fc.constant({ type: 'notSent' as const }),
      fc.constant({ type: 'outcomeUnknown' as const }),
      fc.oneof(fc.constantFrom('REFUNDED', 'COMPLETED', 'DECLINED', 'PENDING'), fc.string()).map((status) => ({ type: 'lookedUp' as const, status })),
      fc.oneof(fc.constantFrom('REFUNDED', 'COMPLETED', 'DECLINED', 'PENDING'), fc.string()).map((status) => ({ type: 'providerStatus' as const, status })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...REFUND_STATES), anyEvent, (state, event) => {
        const result = applyRefundEvent(state, event);
        if (!result.ok) return;
        if (result.state !== state) expect(REFUND_TRANSITIONS[state]).toContain(result.state);
        if (isFinalRefundState(state)) expect(result.state).toBe(state);
        // Only a lookup (never a webhook) may reopen an uncertain refund for sending.
        if (state === 'unknown' && result.state === 'requested') expect(event.type).toBe('lookedUp');
      }),
      { numRuns: 5000 },
    );
  });

  it('answer every event in every outbox state with a refusal or a transition from the table', () => {
    const anyEvent: fc.Arbitrary<OutboxEvent> = fc.oneof(
      fc.constant({ type: 'send' as const }),
      fc.constantFrom('accepted' as const, 'refused' as const).map((outcome) => ({ type: 'answered' as const, outcome })),
      fc.constant({ type: 'notSent' as const }),
      fc.constant({ type: 'outcomeUnknown' as const }),
      fc.constantFrom('applied' as const, 'not_applied' as const, 'superseded' as const, 'undetermined' as const).map((effect) => ({
        type: 'lookedUp' as const,
        effect,
      })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...OUTBOX_STATES), anyEvent, (state, event) => {
        const result = applyOutboxEvent(state, event);
        if (!result.ok) return;
        if (result.state !== state) expect(OUTBOX_TRANSITIONS[state]).toContain(result.state);
        // Sending is only ever done from pending: never straight from a doubt.
        if (event.type === 'send') expect(state).toBe('pending');
      }),
      { numRuns: 3000 },
    );
  });
});
