import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePayment, makePaymentEvent } from '../src/factories.ts';
import { findPaymentWithEvents } from '../src/queries/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

// The detail reads a payment and its timeline in one statement, the events as JSON: they must
// come back as the rows they are, timestamps as Dates, in timeline order.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

describe('a payment with its timeline', () => {
  it('gives the events oldest first (id breaking ties), with their timestamps, codes and phases as stored', async () => {
    const payment = await makePayment(database.db, { provider: 'kashimi', status: 'FAILED', provider_status: 'FAILED' });
    const at = (ms: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, 0) + ms);
    // Inserted out of order; two share an instant.
    const failed = await makePaymentEvent(database.db, payment, {
      status: 'FAILED',
      provider_status: 'FAILED',
      detailed_status: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
      phase: 6,
      failure_category: 'consent_denied',
      failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED', 'X-2'],
      occurred_at: at(90_123),
    });
    const first = await makePaymentEvent(database.db, payment, { status: 'PENDING', provider_status: 'PENDING', phase: 3, occurred_at: at(0) });
    const tiedEarlier = await makePaymentEvent(database.db, payment, { source: 'poll', status: 'PENDING', provider_status: 'PENDING', occurred_at: at(30_000) });
    const tiedLater = await makePaymentEvent(database.db, payment, { source: 'archive', status: 'PENDING', provider_status: 'PENDING', occurred_at: at(30_000) });

    const found = await findPaymentWithEvents(database.db, payment.id);
    expect(found?.payment).toMatchObject({ id: payment.id, provider: 'kashimi', status: 'FAILED' });
    expect(found?.events.map((event) => event.id)).toEqual([first.id, tiedEarlier.id, tiedLater.id, failed.id]);
    const last = found!.events.at(-1)!;
    expect(last.occurred_at).toBeInstanceOf(Date);
    expect(last.occurred_at.toISOString()).toBe('2026-11-20T09:01:30.123Z');
    expect(last.recorded_at.getTime()).toBe(failed.recorded_at.getTime());
    expect(last).toMatchObject({
      payment_id: payment.id,
      event_key: failed.event_key,
      source: 'webhook',
      detailed_status: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
      phase: 6,
      failure_category: 'consent_denied',
      failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED', 'X-2'],
    });
    expect(found?.events[0]).toMatchObject({ phase: 3, detailed_status: null, failure_category: null, failure_codes: [] });
  });

  it('gives an empty timeline for a payment without events, and nothing for an unknown id', async () => {
    const payment = await makePayment(database.db);
    expect((await findPaymentWithEvents(database.db, payment.id))?.events).toEqual([]);
    expect(await findPaymentWithEvents(database.db, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});
