import { describe, expect, it } from 'vitest';
import { describeJourney, describeTimeline, type JourneyEvent, type JourneyPayment } from './payment-journey.ts';

const t0 = new Date('2026-11-20T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function event(overrides: Partial<JourneyEvent> & { occurredAt: Date }): JourneyEvent {
  return {
    source: 'archive',
    status: 'PENDING',
    providerStatus: 'PENDING',
    detailedStatus: null,
    phase: null,
    failureCategory: null,
    failureCodes: [],
    ...overrides,
  };
}

describe('Kashimi phases', () => {
  const events = [
    event({ occurredAt: at(0), detailedStatus: 'SENDER_AUTHORIZATION_REDIRECT_PENDING', phase: 3 }),
    event({ occurredAt: at(60), detailedStatus: 'PAYMENT_CONSENT_REDIRECT_PENDING', phase: 6 }),
    event({
      occurredAt: at(200),
      status: 'FAILED',
      providerStatus: 'FAILED',
      detailedStatus: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
      phase: 6,
      failureCategory: 'consent_denied',
      failureCodes: ['PAYMENT_CONSENT_NOT_GRANTED'],
    }),
  ];
  const payment: JourneyPayment = {
    provider: 'kashimi',
    direction: 'payin',
    status: 'FAILED',
    providerStatus: 'FAILED',
    detailedStatus: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
    phase: 6,
    failureCategory: 'consent_denied',
    failureCodes: ['PAYMENT_CONSENT_NOT_GRANTED'],
  };

  it('shows which phases were traversed, skipped and where the payment stopped', () => {
    const journey = describeJourney(payment, events);
    expect(journey.steps.map((s) => [s.label, s.state])).toEqual([
      ['1. Bank selection', 'skipped'],
      ['2. Extra details', 'skipped'],
      ['3. Bank login', 'done'],
      ['4. Paying account', 'skipped'],
      ['5. Payment registration', 'skipped'],
      ['6. Payment approval', 'failed'],
      ['7. Payment execution', 'not_reached'],
    ]);
    expect(journey.steps[2]!.enteredAt).toEqual(at(0));
  });

  it('explains the failure with its category, raw code and meaning', () => {
    const journey = describeJourney(payment, events);
    expect(journey.failure).toEqual({
      category: 'consent_denied',
      categoryLabel: 'Consent refused',
      codes: [expect.objectContaining({ code: 'PAYMENT_CONSENT_NOT_GRANTED', known: true, meaning: 'The payer did not approve the payment.' })],
    });
  });

  it('explains each event from the catalog and how long it lasted', () => {
    const timeline = describeTimeline(payment, events, at(1000));
    expect(timeline[0]).toMatchObject({ step: '3. Bank login', durationMs: 60_000, isOngoing: false, isKnown: true });
    expect(timeline[1]!.meaning).toContain('sent to their bank to approve');
    expect(timeline[2]).toMatchObject({ durationMs: null, statusLabel: 'Failed' });
    expect(timeline[2]!.failures[0]).toMatchObject({ code: 'PAYMENT_CONSENT_NOT_GRANTED', categoryLabel: 'Consent refused' });
  });

  it('marks the last phase uncertain for UNKNOWN and says it is not a failure', () => {
    const unknown = { ...payment, status: 'UNKNOWN', providerStatus: 'UNKNOWN', failureCategory: null, failureCodes: [] };
    const unknownEvents = [events[0]!, event({ occurredAt: at(100), status: 'UNKNOWN', providerStatus: 'UNKNOWN', detailedStatus: 'PAYMENT_EXECUTION_PENDING', phase: 7 })];
    const journey = describeJourney(unknown, unknownEvents);
    expect(journey.steps.at(-1)!.state).toBe('uncertain');
    const timeline = describeTimeline(unknown, unknownEvents, at(400));
    expect(timeline[1]!.meaning).toContain('Not final and not a failure');
    expect(timeline[1]).toMatchObject({ isOngoing: true, durationMs: 300_000 });
  });

  it('keeps unknown detailed statuses, saying they are not in the catalog', () => {
    const timeline = describeTimeline(payment, [event({ occurredAt: at(0), detailedStatus: 'SOMETHING_KASHIMI_ADDED_LATER' })], at(10));
    expect(timeline[0]!.isKnown).toBe(false);
  });
});

describe('Klavi stages', () => {
  it('follows consent → payment → settlement and stops where the payment was refused', () => {
    const payment: JourneyPayment = {
      provider: 'klavi',
      direction: 'payin',
      status: 'FAILED',
      providerStatus: 'CONSENT_REJECTED',
      detailedStatus: null,
      phase: null,
      failureCategory: 'consent_denied',
      failureCodes: ['REJEITADO_USUARIO'],
    };
    const journey = describeJourney(payment, [
      event({ occurredAt: at(0), source: 'poll', providerStatus: 'STARTED' }),
      event({ occurredAt: at(3), source: 'poll', providerStatus: 'CONSENT_AWAITING_AUTHORIZATION' }),
      event({ occurredAt: at(90), source: 'poll', status: 'FAILED', providerStatus: 'CONSENT_REJECTED', failureCodes: ['REJEITADO_USUARIO'] }),
    ]);
    expect(journey.steps.map((s) => [s.key, s.state])).toEqual([
      ['start', 'done'],
      ['consent', 'failed'],
      ['payment', 'not_reached'],
      ['settlement', 'not_reached'],
    ]);
    expect(journey.failure?.codes[0]?.meaning).toBe('The customer refused the payment in their bank app.');
  });

  it('places an expiry at the stage the payment had reached', () => {
    const payment: JourneyPayment = {
      provider: 'klavi',
      direction: 'payin',
      status: 'FAILED',
      providerStatus: 'EXPIRED',
      detailedStatus: null,
      phase: null,
      failureCategory: 'payer_abandoned',
      failureCodes: [],
    };
    const journey = describeJourney(payment, [
      event({ occurredAt: at(0), providerStatus: 'CONSENT_AWAITING_AUTHORIZATION' }),
      event({ occurredAt: at(900), status: 'FAILED', providerStatus: 'EXPIRED' }),
    ]);
    expect(journey.steps.map((s) => s.state)).toEqual(['skipped', 'failed', 'not_reached', 'not_reached']);
  });
});

describe('Kasha steps', () => {
  it('shows a card decline after skipping the processor step', () => {
    const payment: JourneyPayment = {
      provider: 'kasha',
      direction: 'payin',
      status: 'FAILED',
      providerStatus: 'DECLINED',
      detailedStatus: null,
      phase: null,
      failureCategory: 'insufficient_funds',
      failureCodes: ['3001'],
    };
    const journey = describeJourney(payment, [
      event({ occurredAt: at(0), source: 'webhook', providerStatus: 'PENDING' }),
      event({ occurredAt: at(5), source: 'webhook', status: 'FAILED', providerStatus: 'DECLINED', failureCodes: ['3001'] }),
    ]);
    expect(journey.steps.map((s) => [s.label, s.state])).toEqual([
      ['Created', 'done'],
      ['With processor', 'skipped'],
      ['Declined', 'failed'],
    ]);
  });

  it('ends a manually resolved 1100 as done without counting the manual event as a step', () => {
    const payment: JourneyPayment = {
      provider: 'kasha',
      direction: 'payin',
      status: 'COMPLETED',
      providerStatus: 'ERROR',
      detailedStatus: null,
      phase: null,
      failureCategory: null,
      failureCodes: ['1100'],
    };
    const events = [
      event({ occurredAt: at(0), providerStatus: 'PENDING' }),
      event({ occurredAt: at(5), status: 'UNKNOWN', providerStatus: 'ERROR', failureCodes: ['1100'] }),
      event({ occurredAt: at(500), source: 'manual', status: 'COMPLETED', providerStatus: 'ERROR' }),
    ];
    expect(describeJourney(payment, events).steps.at(-1)).toMatchObject({ label: 'Error', state: 'done' });
    expect(describeTimeline(payment, events, at(600))[2]!.step).toBe('Manual resolution');
  });

  it('names payout steps for payouts', () => {
    const payment: JourneyPayment = {
      provider: 'kasha',
      direction: 'payout',
      status: 'PENDING',
      providerStatus: 'PENDING',
      detailedStatus: null,
      phase: null,
      failureCategory: null,
      failureCodes: [],
    };
    const journey = describeJourney(payment, [event({ occurredAt: at(0) })]);
    expect(journey.steps.map((s) => [s.label, s.state])).toEqual([
      ['Awaiting our approval', 'current'],
      ['With processor', 'not_reached'],
      ['Outcome', 'not_reached'],
    ]);
  });
});
