import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { executePrepared } from '../prepared-statements.ts';
import { PAYMENT_EXPORT_COLUMNS } from './payment-search.ts';
import type { Database, PaymentEventsTable, PaymentsTable } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The export's columns and what only the detail shows; not the search key, the last event's key or the merchant's metadata. */
const DETAIL_COLUMNS = [
  ...PAYMENT_EXPORT_COLUMNS,
  'bank_id',
  'merchant_user_id',
  'status_at',
  'completed_at',
  'next_check_at',
  'last_checked_at',
  'check_attempts',
  'manual_resolution',
] as const satisfies readonly (keyof PaymentsTable)[];

export type PaymentDetailRow = Pick<Selectable<PaymentsTable>, (typeof DETAIL_COLUMNS)[number]>;
export type PaymentEventRow = Omit<Selectable<PaymentEventsTable>, 'payload'>;

/** One payment by our id (the caller has checked it is a uuid). */
export async function findPaymentById(db: Db, id: string): Promise<Selectable<PaymentsTable> | undefined> {
  const [row] = await executePrepared(db, db.selectFrom('payments').selectAll().where('id', '=', id));
  return row;
}

/** The columns of a timeline event shown to everyone (payloads are shown only to some roles). */
const EVENT_COLUMNS = [
  'id',
  'payment_id',
  'event_key',
  'source',
  'status',
  'provider_status',
  'detailed_status',
  'phase',
  'failure_category',
  'failure_codes',
  'occurred_at',
  'recorded_at',
] as const satisfies readonly (keyof PaymentEventsTable)[];

type EventAsJson = Omit<PaymentEventRow, 'occurred_at' | 'recorded_at'> & { occurred_at: string; recorded_at: string };

/**
 * A payment and its timeline (oldest first, without payloads) in one statement, as the detail
 * page reads them: the events come back as one JSON array beside the row. Each statement
 * costs the API a connection, a round trip and its own parse of column descriptions; under
 * the support desk's load the second statement was about a sixth of a detail's cost.
 */
export async function findPaymentWithEvents(db: Db, id: string): Promise<{ payment: PaymentDetailRow; events: PaymentEventRow[] } | undefined> {
  const [row] = await executePrepared(
    db,
    db
      .selectFrom('payments')
      .select(DETAIL_COLUMNS)
      .select((eb) => {
        const timeline = eb.selectFrom('payment_events').select(EVENT_COLUMNS).whereRef('payment_events.payment_id', '=', 'payments.id');
        return sql<EventAsJson[]>`(SELECT coalesce(json_agg(e ORDER BY e.occurred_at, e.id), '[]'::json) FROM (${timeline}) AS e)`.as('timeline');
      })
      .where('id', '=', id),
  );
  if (!row) return undefined;
  const { timeline: events, ...payment } = row;
  return {
    payment,
    // JSON has no timestamps: PostgreSQL writes them as ISO 8601 text with the offset.
    events: events.map((event) => ({ ...event, occurred_at: new Date(event.occurred_at), recorded_at: new Date(event.recorded_at) })),
  };
}

/** The raw payload of every event of a payment, in timeline order. */
export async function listPaymentEventPayloads(
  db: Db,
  paymentId: string,
): Promise<Array<{ id: number; source: string; occurred_at: Date; payload: unknown }>> {
  return db
    .selectFrom('payment_events')
    .select(['id', 'source', 'occurred_at', 'payload'])
    .where('payment_id', '=', paymentId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

/**
 * Asks the status poller to look at the payment now: it picks payments whose
 * next_check_at is due (FOR UPDATE SKIP LOCKED). Returns undefined for an unknown id.
 */
export async function requestPaymentRecheck(
  db: Db,
  id: string,
  now: Date,
): Promise<Pick<PaymentDetailRow, 'id' | 'provider' | 'direction' | 'status' | 'next_check_at'> | undefined> {
  return db
    .updateTable('payments')
    .set({ next_check_at: now })
    .where('id', '=', id)
    .returning(['id', 'provider', 'direction', 'status', 'next_check_at'])
    .executeTakeFirst();
}

/** Locks the payment for the rest of the transaction, so a manual resolution and ingestion take turns. */
export async function lockPaymentById(trx: Transaction<Database>, id: string): Promise<PaymentDetailRow | undefined> {
  return trx.selectFrom('payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface ManualResolution {
  outcome: 'COMPLETED' | 'FAILED';
  reason: string;
  by: { id: string; email: string };
  at: Date;
}

/**
 * Records a person's decision on an uncertain payment: the status, a timeline event with
 * source 'manual', and `manual_resolution`, which tells ingestion that the next provider
 * event after `at` replaces it. Run inside the transaction that locked the payment.
 */
export async function recordManualResolution(
  trx: Transaction<Database>,
  payment: PaymentDetailRow,
  resolution: ManualResolution,
): Promise<{ eventKey: string }> {
  const eventKey = `manual:${randomUUID()}`;
  const record = {
    outcome: resolution.outcome,
    reason: resolution.reason,
    by: resolution.by.email,
    byId: resolution.by.id,
    at: resolution.at.toISOString(),
  };
  const isFailed = resolution.outcome === 'FAILED';
  // A manual failure keeps the provider's category when it had one (e.g. 'uncertain' for Kasha 1100).
  const failureCategory = isFailed ? (payment.failure_category ?? 'unknown') : null;
  await trx
    .insertInto('payment_events')
    .values({
      payment_id: payment.id,
      event_key: eventKey,
      source: 'manual',
      status: resolution.outcome,
      provider_status: payment.provider_status,
      detailed_status: payment.detailed_status,
      phase: payment.phase,
      failure_category: failureCategory,
      failure_codes: payment.failure_codes,
      occurred_at: resolution.at,
      recorded_at: resolution.at,
      payload: JSON.stringify(record),
    })
    .execute();
  await trx
    .updateTable('payments')
    .set({
      status: resolution.outcome,
      failure_category: failureCategory,
      status_at: resolution.at,
      status_event_key: eventKey,
      updated_at: resolution.at,
      completed_at: resolution.outcome === 'COMPLETED' ? (payment.completed_at ?? resolution.at) : payment.completed_at,
      manual_resolution: JSON.stringify(record),
    })
    .where('id', '=', payment.id)
    .execute();
  return { eventKey };
}
