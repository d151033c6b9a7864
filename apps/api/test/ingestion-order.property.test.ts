import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { KASHIMI_DETAILED_STATUSES, KLAVI_STATUSES, KLAVI_STATUS_ORDER, type Provider } from '@paydesk/domain';
import type { ProviderPaymentSnapshot, ProviderStatusEvent } from '@paydesk/providers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStatusEvents } from '../src/ingestion/apply-status-events.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

interface Step {
  rawStatus: string;
  detailedStatus?: string;
  reasonCodes: string[];
}

// Valid walks of each provider's status graph: steps in the documented order, a final
// status (if any) only at the end.
const kashimiPending = Object.entries(KASHIMI_DETAILED_STATUSES)
  .filter(([, entry]) => entry.status === 'PENDING' && entry.documented !== false)
  .sort(([, a], [, b]) => a.phase - b.phase)
  .map(([code]) => code);
const kashimiFailed = Object.entries(KASHIMI_DETAILED_STATUSES)
  .filter(([, entry]) => entry.status === 'FAILED')
  .map(([code]) => code);

const kashimiWalk: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.subarray(kashimiPending, { minLength: 1 }),
    fc.oneof(
      fc.constant<Step | null>(null),
      fc.constant<Step>({ rawStatus: 'COMPLETED', detailedStatus: 'PAYMENT_EXECUTION_COMPLETED', reasonCodes: [] }),
      fc.constantFrom(...kashimiFailed).map<Step>((code) => ({ rawStatus: 'FAILED', detailedStatus: code, reasonCodes: ['PAYMENT_CONSENT_NOT_GRANTED'] })),
      fc.constant<Step>({ rawStatus: 'UNKNOWN', detailedStatus: 'PAYMENT_EXECUTION_PENDING', reasonCodes: [] }),
    ),
  )
  .map(([pending, last]) => [...pending.map((code) => ({ rawStatus: 'PENDING', detailedStatus: code, reasonCodes: [] })), ...(last ? [last] : [])]);

const klaviOpen = KLAVI_STATUS_ORDER.filter((status) => !KLAVI_STATUSES[status].final);
const klaviFinal = KLAVI_STATUS_ORDER.filter((status) => KLAVI_STATUSES[status].final);
const klaviWalk: fc.Arbitrary<Step[]> = fc
  .tuple(fc.subarray([...klaviOpen], { minLength: 1 }), fc.option(fc.constantFrom(...klaviFinal)), fc.constantFrom('SALDO_INSUFICIENTE', 'REJEITADO_USUARIO'))
  .map(([open, final, reason]) => [
    ...open.map((status) => ({ rawStatus: status, reasonCodes: [] })),
    ...(final ? [{ rawStatus: final, reasonCodes: final === 'PAYMENT_COMPLETED' ? [] : [reason] }] : []),
  ]);

const kashaWalk: fc.Arbitrary<Step[]> = fc
  .tuple(fc.boolean(), fc.constantFrom<Step | null>(null, { rawStatus: 'COMPLETED', reasonCodes: [] }, { rawStatus: 'DECLINED', reasonCodes: ['3000'] }, { rawStatus: 'ERROR', reasonCodes: ['1100'] }))
  .map(([isProcessing, last]) => [
    { rawStatus: 'PENDING', reasonCodes: [] },
    ...(isProcessing ? [{ rawStatus: 'PROCESSING', reasonCodes: [] }] : []),
    ...(last ? [last] : []),
  ]);

function eventsOf(provider: Provider, providerPaymentId: string, steps: Step[]): ProviderStatusEvent[] {
  return steps.map((step, index) => ({
    provider,
    eventKey: `${providerPaymentId}:${index}`,
    providerPaymentId,
    // Some steps share a second, as providers' timestamps do.
    occurredAt: new Date(Date.UTC(2026, 10, 21, 10, 0, Math.floor(index * 1.5))),
    rawStatus: step.rawStatus,
    ...(step.detailedStatus ? { detailedStatus: step.detailedStatus } : {}),
    reasonCodes: step.reasonCodes,
    source: 'webhook',
    payload: { step: index },
  }));
}

function snapshotOf(provider: Provider, providerPaymentId: string, first: Step): ProviderPaymentSnapshot {
  return {
    provider,
    providerPaymentId,
    direction: 'payin',
    method: provider === 'klavi' ? 'pix' : provider === 'kashimi' ? 'open_banking' : 'card',
    amountMinor: 1000,
    currency: provider === 'klavi' ? 'BRL' : 'EUR',
    createdAt: new Date(Date.UTC(2026, 10, 21, 9, 59, 0)),
    rawStatus: first.rawStatus,
    ...(first.detailedStatus ? { detailedStatus: first.detailedStatus } : {}),
    reasonCodes: [],
    payload: {},
  };
}

async function stateOf(provider: Provider, providerPaymentId: string) {
  const payment = await database.db
    .selectFrom('payments')
    .select(['id', 'status', 'provider_status', 'detailed_status', 'phase', 'failure_category', 'failure_codes', 'status_at', 'completed_at'])
    .where('provider', '=', provider)
    .where('provider_payment_id', '=', providerPaymentId)
    .executeTakeFirstOrThrow();
  const events = await database.db.selectFrom('payment_events').select(['event_key', 'status']).where('payment_id', '=', payment.id).orderBy('event_key').execute();
  const { id: _id, ...rest } = payment;
  return { ...rest, events };
}

async function applyOneByOne(provider: Provider, id: string, events: ProviderStatusEvent[], snapshot: ProviderPaymentSnapshot) {
  for (const event of events) {
    await applyStatusEvents(database.db, { provider, providerPaymentId: id, events: [event], snapshot, now: new Date('2026-11-21T10:05:00Z') });
  }
}

const walks: Array<[Provider, fc.Arbitrary<Step[]>]> = [
  ['kashimi', kashimiWalk],
  ['klavi', klaviWalk],
  ['kasha', kashaWalk],
];

describe('applying a payment\'s events', () => {
  for (const [provider, walk] of walks) {
    it(`for ${provider}, in any order and with duplicates, ends where applying them in time order ends`, async () => {
      await fc.assert(
        fc.asyncProperty(
          walk.chain((steps) => fc.tuple(fc.constant(steps), fc.shuffledSubarray([...steps.keys(), ...steps.keys()], { minLength: steps.length * 2 }))),
          async ([steps, order]) => {
            const inOrderId = randomUUID();
            const shuffledId = randomUUID();
            const snapshotSteps = steps[0]!;
            await applyOneByOne(provider, inOrderId, eventsOf(provider, inOrderId, steps), snapshotOf(provider, inOrderId, snapshotSteps));
            const shuffledEvents = eventsOf(provider, shuffledId, steps);
            await applyOneByOne(provider, shuffledId, order.map((i) => shuffledEvents[i]!), snapshotOf(provider, shuffledId, snapshotSteps));
            const expected = await stateOf(provider, inOrderId);
            const actual = await stateOf(provider, shuffledId);
            expect({ ...actual, events: actual.events.map((e) => e.status) }).toEqual({ ...expected, events: expected.events.map((e) => e.status) });
            expect(actual.events).toHaveLength(steps.length);
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});
