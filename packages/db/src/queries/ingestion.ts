import { type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, PaymentEventsTable, PaymentsTable, WebhookInboxTable } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Creates the payment unless it exists already (two deliveries may race to create it). */
export async function insertPaymentIfAbsent(trx: Transaction<Database>, payment: Insertable<PaymentsTable>): Promise<void> {
  await trx
    .insertInto('payments')
    .values(payment)
    .onConflict((oc) => oc.columns(['provider', 'provider_payment_id']).doNothing())
    .execute();
}

export type LockedPayment = Pick<
  Selectable<PaymentsTable>,
  'id' | 'provider' | 'direction' | 'status' | 'status_at' | 'status_event_key' | 'phase' | 'completed_at' | 'manual_resolution' | 'check_attempts'
>;

/**
 * Locks the payment for the rest of the transaction, so two deliveries for one payment are
 * applied one after the other and each sees what the other decided.
 */
export async function lockPaymentByProviderId(
  trx: Transaction<Database>,
  provider: string,
  providerPaymentId: string,
): Promise<LockedPayment | undefined> {
  return trx
    .selectFrom('payments')
    .select(['id', 'provider', 'direction', 'status', 'status_at', 'status_event_key', 'phase', 'completed_at', 'manual_resolution', 'check_attempts'])
    .where('provider', '=', provider)
    .where('provider_payment_id', '=', providerPaymentId)
    .forUpdate()
    .executeTakeFirst();
}

/** Appends an event to the timeline; false when this event was recorded before. */
export async function insertPaymentEventOnce(trx: Transaction<Database>, event: Insertable<PaymentEventsTable>): Promise<boolean> {
  const inserted = await trx
    .insertInto('payment_events')
    .values(event)
    .onConflict((oc) => oc.columns(['payment_id', 'event_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function updatePayment(db: Db, id: string, changes: Partial<Insertable<PaymentsTable>>): Promise<void> {
  await db.updateTable('payments').set(changes).where('id', '=', id).execute();
}

// ---- webhook inbox -------------------------------------------------------------------

export type InboxRow = Selectable<WebhookInboxTable>;

export interface NewInboxDelivery {
  provider: string;
  headers: Record<string, string>;
  body: string;
  state: 'received' | 'rejected';
  rejectReason?: string;
  receivedAt: Date;
}

/** Stores deliveries in one statement (one commit); ids come back in the order given. */
export async function insertInboxDeliveries(db: Db, deliveries: readonly NewInboxDelivery[]): Promise<number[]> {
  if (deliveries.length === 0) return [];
  const rows = await db
    .insertInto('webhook_inbox')
    .values(
      deliveries.map((delivery) => ({
        provider: delivery.provider,
        headers: JSON.stringify(delivery.headers),
        body: delivery.body,
        state: delivery.state,
        reject_reason: delivery.rejectReason ?? null,
        received_at: delivery.receivedAt,
        next_attempt_at: delivery.state === 'received' ? delivery.receivedAt : null,
      })),
    )
    .returning('id')
    .execute();
  // PostgreSQL returns rows of a multi-row INSERT in the order of its VALUES list.
  return rows.map((row) => row.id);
}

export async function insertInboxDelivery(db: Db, delivery: NewInboxDelivery): Promise<number> {
  const [id] = await insertInboxDeliveries(db, [delivery]);
  return id!;
}

/**
 * Takes up to `limit` deliveries that are due, for `leaseMs`. SKIP LOCKED lets several
 * workers claim at once without waiting on each other; the lease (next_attempt_at pushed
 * forward) keeps others off a claimed delivery until it is done or the worker has died.
 */
export async function claimInboxDeliveries(db: Kysely<Database>, options: { now: Date; limit: number; leaseMs: number }): Promise<InboxRow[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  return db
    .updateTable('webhook_inbox')
    .set((eb) => ({ next_attempt_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('webhook_inbox')
        .select('id')
        .where('state', '=', 'received')
        .where('next_attempt_at', '<=', options.now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(options.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export async function finishInboxDelivery(
  db: Db,
  id: number,
  outcome:
    | { state: 'processed' | 'duplicate'; eventKey: string; providerPaymentId: string; at: Date }
    | { state: 'rejected'; reason: string; at: Date }
    | { state: 'retry'; error: string; retryAt: Date }
    | { state: 'failed'; error: string; at: Date },
): Promise<void> {
  if (outcome.state === 'retry') {
    await db.updateTable('webhook_inbox').set({ last_error: outcome.error, next_attempt_at: outcome.retryAt }).where('id', '=', id).execute();
    return;
  }
  await db
    .updateTable('webhook_inbox')
    .set({
      state: outcome.state,
      processed_at: outcome.at,
      next_attempt_at: null,
      ...(outcome.state === 'rejected' ? { reject_reason: outcome.reason } : {}),
      ...(outcome.state === 'failed' ? { last_error: outcome.error } : {}),
      ...(outcome.state === 'processed' || outcome.state === 'duplicate'
        ? { event_key: outcome.eventKey, provider_payment_id: outcome.providerPaymentId }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Puts a stored delivery back in the queue (an admin's replay). */
export async function requeueInboxDelivery(db: Db, id: number, now: Date): Promise<InboxRow | undefined> {
  return db
    .updateTable('webhook_inbox')
    .set({ state: 'received', next_attempt_at: now, reject_reason: null, last_error: null, processed_at: null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

// ---- status checks (pollers) ----------------------------------------------------------

export interface DueCheck {
  id: string;
  provider: string;
  provider_payment_id: string;
  direction: string;
  status: string;
  check_attempts: number;
}

/** Claims payments whose status check is due, leasing them as claimInboxDeliveries does. */
export async function claimDueStatusChecks(
  db: Kysely<Database>,
  options: { now: Date; limit: number; leaseMs: number; providers?: readonly string[] },
): Promise<DueCheck[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  return db
    .updateTable('payments')
    .set((eb) => ({ next_check_at: leaseUntil, check_attempts: eb('check_attempts', '+', 1) }))
    .where('id', 'in', (eb) => {
      let due = eb
        .selectFrom('payments')
        .select('id')
        .where('next_check_at', '<=', options.now)
        .orderBy('next_check_at')
        .limit(options.limit)
        .forUpdate()
        .skipLocked();
      if (options.providers) due = due.where('provider', 'in', options.providers);
      return due;
    })
    .returning(['id', 'provider', 'provider_payment_id', 'direction', 'status', 'check_attempts'])
    .execute();
}
