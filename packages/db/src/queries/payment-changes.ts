import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/index.ts';

export const paymentChangesChannel = 'paydesk_payment_changes';

/** What listeners learn when a payment changes; they fetch details themselves. */
export interface PaymentChange {
  paymentId: string;
  provider: string;
  direction: string;
  status: string;
  /** What changed: a new status, a new timeline event, a payout decision, a refund. */
  kind: 'status' | 'event' | 'payout' | 'refund' | 'created';
}

/** Queues a notification; PostgreSQL delivers it only if and when the transaction commits. */
export async function notifyPaymentChange(db: Kysely<Database> | Transaction<Database>, change: PaymentChange): Promise<void> {
  await sql`SELECT pg_notify(${paymentChangesChannel}, ${JSON.stringify(change)})`.execute(db);
}
