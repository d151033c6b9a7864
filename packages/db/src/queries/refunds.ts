import { sql, type Kysely, type Selectable, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { Database, RefundsTable } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type RefundRow = Selectable<RefundsTable>;

/** What the refund page shows of the payment a merchant reference points at. */
export interface RefundSubject {
  id: string;
  provider: string;
  direction: string;
  method: string;
  status: string;
  provider_status: string;
  provider_payment_id: string;
  merchant_reference: string | null;
  amount_minor: number;
  currency: string;
  country: string | null;
  customer_name: string | null;
  customer_email: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const subjectColumns = [
  'id',
  'provider',
  'direction',
  'method',
  'status',
  'provider_status',
  'provider_payment_id',
  'merchant_reference',
  'amount_minor',
  'currency',
  'country',
  'customer_name',
  'customer_email',
  'created_at',
  'completed_at',
] as const;

/**
 * Every payment carrying this merchant reference, Kasha's first. A reference should be
 * unique per provider, but Kashimi or Klavi may carry the same order reference as Kasha.
 */
export async function findPaymentsByMerchantReference(db: Db, merchantReference: string): Promise<RefundSubject[]> {
  return db
    .selectFrom('payments')
    .select(subjectColumns)
    .where('merchant_reference', '=', merchantReference)
    .orderBy(sql`provider = 'kasha'`, 'desc')
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute();
}

/**
 * Locks the Kasha pay-in with this reference for the rest of the transaction: two agents
 * refunding it at once queue here, and the second sees the first one's refund.
 */
export async function lockKashaPaymentByReference(trx: Transaction<Database>, merchantReference: string): Promise<RefundSubject | undefined> {
  return trx
    .selectFrom('payments')
    .select(subjectColumns)
    .where('provider', '=', 'kasha')
    .where('merchant_reference', '=', merchantReference)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function findRefundByPayment(db: Db, paymentId: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
}

export async function findRefundByReference(db: Db, merchantReference: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('merchant_reference', '=', merchantReference).executeTakeFirst();
}

export async function lockRefundByReference(trx: Transaction<Database>, merchantReference: string): Promise<RefundRow | undefined> {
  return trx.selectFrom('refunds').selectAll().where('merchant_reference', '=', merchantReference).forUpdate().executeTakeFirst();
}

export interface NewRefund {
  paymentId: string;
  merchantReference: string;
  amountMinor: number;
  currency: string;
  reason: string;
  requestedBy: string;
  requestedRole: string;
  now: Date;
}

/** UNIQUE(payment_id) and UNIQUE(merchant_reference) refuse a second refund, whatever the code did. */
export async function insertRefund(trx: Transaction<Database>, refund: NewRefund): Promise<RefundRow> {
  return trx
    .insertInto('refunds')
    .values({
      payment_id: refund.paymentId,
      merchant_reference: refund.merchantReference,
      amount_minor: refund.amountMinor,
      currency: refund.currency,
      state: 'requested',
      reason: refund.reason,
      requested_by: refund.requestedBy,
      requested_role: refund.requestedRole,
      created_at: refund.now,
      updated_at: refund.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateRefund(db: Db, id: string, changes: Updateable<RefundsTable>): Promise<void> {
  await db.updateTable('refunds').set(changes).where('id', '=', id).execute();
}

// ---- the list -------------------------------------------------------------------------

export interface RefundListFilter {
  state?: string | undefined;
  /** A merchant reference, exactly. */
  reference?: string | undefined;
  requestedBy?: string | undefined;
}

export interface RefundListRow {
  id: string;
  payment_id: string;
  merchant_reference: string;
  amount_minor: number;
  currency: string;
  state: string;
  reason: string;
  requested_role: string;
  requested_by_name: string;
  requested_by_email: string;
  created_at: Date;
  updated_at: Date;
  cursor_time: string;
  provider_answer: unknown;
  customer_name: string | null;
  payment_status: string;
  outbox_state: string | null;
  outbox_error: string | null;
}

/** Refunds, newest first, keyset-paginated on (created_at, id). */
export async function listRefunds(
  db: Db,
  filter: RefundListFilter,
  options: { limit: number; after?: { key: string; id: string } | undefined },
): Promise<RefundListRow[]> {
  let query = db
    .selectFrom('refunds as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .innerJoin('staff_users as u', 'u.id', 'r.requested_by')
    .leftJoin('outbox as o', (join) => join.on(sql<SqlBool>`o.idempotency_key = 'refund:' || r.merchant_reference`))
    .select([
      'r.id',
      'r.payment_id',
      'r.merchant_reference',
      'r.amount_minor',
      'r.currency',
      'r.state',
      'r.reason',
      'r.requested_role',
      'u.name as requested_by_name',
      'u.email as requested_by_email',
      'r.created_at',
      'r.updated_at',
      sql<string>`r.created_at::text`.as('cursor_time'),
      'r.provider_answer',
      'p.customer_name',
      'p.status as payment_status',
      'o.state as outbox_state',
      'o.last_error as outbox_error',
    ]);
  if (filter.state) query = query.where('r.state', '=', filter.state);
  if (filter.reference) query = query.where('r.merchant_reference', '=', filter.reference);
  if (filter.requestedBy) query = query.where('r.requested_by', '=', filter.requestedBy);
  if (options.after) query = query.where(sql<SqlBool>`(r.created_at, r.id) < (${options.after.key}::timestamptz, ${options.after.id}::uuid)`);
  return query.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(options.limit).execute();
}
