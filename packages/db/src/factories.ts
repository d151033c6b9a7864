import { randomUUID } from 'node:crypto';
import { normalizeForSearch } from '@paydesk/domain';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, PaymentEventsTable, PaymentsTable } from './schema/index.ts';

export type PaymentRow = Selectable<PaymentsTable>;
type PaymentInsert = Insertable<PaymentsTable>;

let sequence = 0;

/**
 * A payment with plausible defaults (a completed Kasha card pay-in of 12.34 EUR); tests
 * override only what they are about: `makePayment(db, { status: 'FAILED' })`.
 */
export async function makePayment(db: Kysely<Database>, overrides: Partial<PaymentInsert> = {}): Promise<PaymentRow> {
  sequence += 1;
  const createdAt = overrides.created_at ?? new Date(Date.UTC(2026, 10, 20, 10, 0, sequence % 60));
  const name = overrides.customer_name === undefined ? `Test Customer ${sequence}` : overrides.customer_name;
  const status = overrides.status ?? 'COMPLETED';
  const values: PaymentInsert = {
    provider: 'kasha',
    direction: 'payin',
    method: 'card',
    provider_payment_id: randomUUID(),
    provider_reference: randomUUID(),
    merchant_reference: `ORD-TEST-${String(sequence).padStart(6, '0')}-${randomUUID().slice(0, 4)}`,
    payment_reference: null,
    amount_minor: 1234,
    currency: 'EUR',
    country: 'ES',
    bank_id: null,
    bank_name: null,
    customer_email: `customer${sequence}@example.com`,
    customer_phone: null,
    customer_document: null,
    card_bin: null,
    card_last4: null,
    merchant_user_id: `user-${sequence}`,
    status,
    provider_status: status,
    detailed_status: null,
    phase: null,
    failure_category: null,
    status_at: createdAt,
    created_at: createdAt,
    updated_at: createdAt,
    completed_at: status === 'COMPLETED' ? createdAt : null,
    ...overrides,
    customer_name: name,
    customer_name_search: name ? normalizeForSearch(name) : null,
  };
  return db.insertInto('payments').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Appends one timeline event to a payment (it does not change the payment row). */
export async function makePaymentEvent(
  db: Kysely<Database>,
  payment: Pick<PaymentRow, 'id' | 'status' | 'provider_status'>,
  overrides: Partial<Insertable<PaymentEventsTable>> = {},
): Promise<Selectable<PaymentEventsTable>> {
  return db
    .insertInto('payment_events')
    .values({
      payment_id: payment.id,
      event_key: randomUUID(),
      source: 'webhook',
      status: payment.status,
      provider_status: payment.provider_status,
      occurred_at: new Date(),
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
