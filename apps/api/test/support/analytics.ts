import { makePayment } from '@paydesk/db/testing';
import type { Database } from '@paydesk/db';
import type { Kysely } from 'kysely';

type PaymentOverrides = Parameters<typeof makePayment>[1];

/** A payment for analytics tests: only what a figure depends on, the rest from the factory. */
export async function makeAnalyticsPayment(db: Kysely<Database>, at: string, overrides: PaymentOverrides = {}) {
  const createdAt = new Date(at);
  const status = overrides?.status ?? 'COMPLETED';
  return makePayment(db, {
    created_at: createdAt,
    status_at: createdAt,
    updated_at: createdAt,
    completed_at: status === 'COMPLETED' || status === 'REFUNDED' ? new Date(createdAt.getTime() + 60_000) : null,
    ...overrides,
  });
}

/** Moves a payment to a new status the way ingestion does: one UPDATE of the payments row. */
export async function moveStatus(
  db: Kysely<Database>,
  id: string,
  changes: { status: string; at: string; failure_category?: string | null; failure_codes?: string[]; phase?: number | null; provider_status?: string },
) {
  const at = new Date(changes.at);
  await db
    .updateTable('payments')
    .set({
      status: changes.status,
      provider_status: changes.provider_status ?? changes.status,
      failure_category: changes.failure_category ?? null,
      failure_codes: changes.failure_codes ?? [],
      ...(changes.phase !== undefined ? { phase: changes.phase } : {}),
      status_at: at,
      updated_at: at,
      ...(changes.status === 'COMPLETED' ? { completed_at: at } : {}),
    })
    .where('id', '=', id)
    .execute();
}
