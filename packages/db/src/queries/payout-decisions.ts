import { sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction, type Updateable } from 'kysely';
import type { Database, PayoutDecisionsTable } from '../schema/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type PayoutDecisionRow = Selectable<PayoutDecisionsTable>;

/** The payment facts a payout decision needs. */
export interface PayoutSubject {
  id: string;
  provider: string;
  direction: string;
  status: string;
  provider_status: string;
  provider_payment_id: string;
  merchant_reference: string | null;
  amount_minor: number;
  currency: string;
}

export async function findPayoutSubject(db: Db, paymentId: string): Promise<PayoutSubject | undefined> {
  return db
    .selectFrom('payments')
    .select(['id', 'provider', 'direction', 'status', 'provider_status', 'provider_payment_id', 'merchant_reference', 'amount_minor', 'currency'])
    .where('id', '=', paymentId)
    .executeTakeFirst();
}

/**
 * Reads the payout and holds a key-share lock on it, so this transaction takes its locks in
 * the order ingestion does (payment, then decision): a decision racing a webhook for the
 * same payout waits instead of deadlocking on the foreign keys of the rows it inserts.
 */
export async function lockPayoutSubject(trx: Transaction<Database>, paymentId: string): Promise<PayoutSubject | undefined> {
  return trx
    .selectFrom('payments')
    .select(['id', 'provider', 'direction', 'status', 'provider_status', 'provider_payment_id', 'merchant_reference', 'amount_minor', 'currency'])
    .where('id', '=', paymentId)
    .forKeyShare()
    .executeTakeFirst();
}

/**
 * Creates the payout's decision row unless it exists. Payouts learned from webhooks have
 * none until the first decision; two concurrent first decisions both get here, and the
 * unique key makes the second one wait for the first and then do nothing.
 */
export async function ensurePayoutDecision(trx: Transaction<Database>, paymentId: string, requiredApprovals: 1 | 2, now: Date): Promise<void> {
  await trx
    .insertInto('payout_decisions')
    .values({ payment_id: paymentId, state: 'awaiting_approval', required_approvals: requiredApprovals, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('payment_id').doNothing())
    .execute();
}

/** Locks the decision for the rest of the transaction: concurrent deciders queue here, one at a time. */
export async function lockPayoutDecision(trx: Transaction<Database>, paymentId: string): Promise<PayoutDecisionRow | undefined> {
  return trx.selectFrom('payout_decisions').selectAll().where('payment_id', '=', paymentId).forUpdate().executeTakeFirst();
}

export async function findPayoutDecision(db: Db, paymentId: string): Promise<PayoutDecisionRow | undefined> {
  return db.selectFrom('payout_decisions').selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
}

/** Who approved, in the order they did. */
export async function listPayoutApprovers(db: Db, paymentId: string): Promise<string[]> {
  const rows = await db.selectFrom('payout_approvals').select('user_id').where('payment_id', '=', paymentId).orderBy('created_at').orderBy('user_id').execute();
  return rows.map((row) => row.user_id);
}

/** The primary key (payment, user) refuses the same person twice, even if the code did not. */
export async function insertPayoutApproval(trx: Transaction<Database>, paymentId: string, userId: string, at: Date): Promise<void> {
  await trx.insertInto('payout_approvals').values({ payment_id: paymentId, user_id: userId, created_at: at }).execute();
}

export async function updatePayoutDecision(db: Db, paymentId: string, changes: Updateable<PayoutDecisionsTable>): Promise<void> {
  await db.updateTable('payout_decisions').set(changes).where('payment_id', '=', paymentId).execute();
}

// ---- the queue ----------------------------------------------------------------------------

export type PayoutQueueSort = 'oldest' | 'newest' | 'amount_desc' | 'amount_asc';

export interface PayoutQueueFilter {
  currency?: string | undefined;
  country?: string | undefined;
  method?: string | undefined;
  /** first: nobody approved yet; second: one approval recorded, a second one needed. */
  stage?: 'first' | 'second' | undefined;
  /** Only payouts created before this moment (the SLA deadline has passed). */
  createdBefore?: Date | undefined;
  /** Payouts that need two approvals, judged by the thresholds in force. */
  needsTwo?: boolean | undefined;
}

/** Minor-unit thresholds per currency, so SQL can tell how many approvals a payout needs. */
export type ApprovalThresholds = Readonly<Record<string, number>>;

export interface PayoutQueueRow {
  id: string;
  created_at: Date;
  cursor_time: string;
  amount_minor: number;
  currency: string;
  country: string | null;
  method: string;
  customer_name: string | null;
  bank_name: string | null;
  merchant_reference: string | null;
  merchant_user_id: string | null;
  provider_payment_id: string;
  required_approvals: number;
  approvals: Array<{ userId: string; name: string; at: string }>;
}

export type QueueCursor = { key: string; id: string };

function requiredApprovalsSql(thresholds: ApprovalThresholds) {
  // A currency without a threshold needs two approvals, as requiredApprovalsFor decides.
  return sql<number>`coalesce(d.required_approvals, CASE WHEN p.amount_minor >= coalesce((${JSON.stringify(thresholds)}::jsonb ->> p.currency)::bigint, 0) THEN 2 ELSE 1 END)`;
}

function queueQuery(db: Db, filter: PayoutQueueFilter, thresholds: ApprovalThresholds) {
  let query = db
    .selectFrom('payments as p')
    .leftJoin('payout_decisions as d', 'd.payment_id', 'p.id')
    // Literal, so the planner matches the partial index payments_payout_queue_idx.
    .where(sql<SqlBool>`p.provider = 'kasha' AND p.direction = 'payout' AND p.status = 'PENDING' AND p.provider_status = 'PENDING'`)
    .where((eb) => eb.or([eb('d.state', 'is', null), eb('d.state', '=', 'awaiting_approval')]));
  if (filter.currency) query = query.where('p.currency', '=', filter.currency);
  if (filter.country) query = query.where('p.country', '=', filter.country);
  if (filter.method) query = query.where('p.method', '=', filter.method);
  if (filter.createdBefore) query = query.where('p.created_at', '<', filter.createdBefore);
  const hasApproval = sql<SqlBool>`EXISTS (SELECT 1 FROM payout_approvals a WHERE a.payment_id = p.id)`;
  if (filter.stage === 'first') query = query.where(sql<SqlBool>`NOT ${hasApproval}`);
  if (filter.stage === 'second') query = query.where(hasApproval);
  if (filter.needsTwo !== undefined) query = query.where(sql<SqlBool>`(${requiredApprovalsSql(thresholds)} = 2) = ${filter.needsTwo}`);
  return query;
}

const SORTS: Record<PayoutQueueSort, { column: 'created' | 'amount'; direction: 'asc' | 'desc' }> = {
  oldest: { column: 'created', direction: 'asc' },
  newest: { column: 'created', direction: 'desc' },
  amount_desc: { column: 'amount', direction: 'desc' },
  amount_asc: { column: 'amount', direction: 'asc' },
};

/** One page of the queue, keyset-paginated on (created_at, id) or (amount_minor, id). */
export async function listPayoutQueue(
  db: Db,
  filter: PayoutQueueFilter,
  options: { sort: PayoutQueueSort; limit: number; after?: QueueCursor | undefined; thresholds: ApprovalThresholds },
): Promise<PayoutQueueRow[]> {
  const { column, direction } = SORTS[options.sort];
  let query = queueQuery(db, filter, options.thresholds).select([
    'p.id',
    'p.created_at',
    sql<string>`p.created_at::text`.as('cursor_time'),
    'p.amount_minor',
    'p.currency',
    'p.country',
    'p.method',
    'p.customer_name',
    'p.bank_name',
    'p.merchant_reference',
    'p.merchant_user_id',
    'p.provider_payment_id',
    requiredApprovalsSql(options.thresholds).as('required_approvals'),
    sql<PayoutQueueRow['approvals']>`coalesce((
      SELECT json_agg(json_build_object('userId', a.user_id, 'name', u.name, 'at', a.created_at) ORDER BY a.created_at, a.user_id)
        FROM payout_approvals a JOIN staff_users u ON u.id = a.user_id
       WHERE a.payment_id = p.id), '[]'::json)`.as('approvals'),
  ]);
  if (options.after) {
    const op = direction === 'asc' ? sql`>` : sql`<`;
    const key: Expression<unknown> =
      column === 'created' ? sql`${options.after.key}::timestamptz` : sql`${options.after.key}::bigint`;
    const col = column === 'created' ? sql`p.created_at` : sql`p.amount_minor`;
    query = query.where(sql<SqlBool>`(${col}, p.id) ${op} (${key}, ${options.after.id}::uuid)`);
  }
  const orderColumn = column === 'created' ? 'p.created_at' : 'p.amount_minor';
  const rows = await query.orderBy(orderColumn, direction).orderBy('p.id', direction).limit(options.limit).execute();
  return rows.map((row) => ({ ...row, required_approvals: Number(row.required_approvals) }));
}

/** Matching payouts, counted up to `cap` + 1 so the screen can say "1,000+" without a full count. */
export async function countPayoutQueue(db: Db, filter: PayoutQueueFilter, thresholds: ApprovalThresholds, cap = 1000): Promise<number> {
  const inner = queueQuery(db, filter, thresholds).select('p.id').limit(cap + 1);
  const row = await db
    .selectFrom(inner.as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Ids of the matching payouts in queue order, for "select all N matching" (capped). */
export async function listPayoutQueueIds(db: Db, filter: PayoutQueueFilter, thresholds: ApprovalThresholds, limit: number): Promise<string[]> {
  const rows = await queueQuery(db, filter, thresholds).select('p.id').orderBy('p.created_at').orderBy('p.id').limit(limit).execute();
  return rows.map((row) => row.id);
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  amountMinor: number;
}

/** Count and sum per currency of the matching queue, summed by the database in integers. */
export async function totalPayoutQueue(db: Db, filter: PayoutQueueFilter, thresholds: ApprovalThresholds): Promise<CurrencyTotal[]> {
  const rows = await queueQuery(db, filter, thresholds)
    .select(['p.currency', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('p.amount_minor').as('total')])
    .groupBy('p.currency')
    .orderBy('p.currency')
    .execute();
  return rows.map((row) => ({ currency: row.currency, count: Number(row.n), amountMinor: Number(row.total) }));
}

export interface PayoutPreviewRow {
  id: string;
  amount_minor: number;
  currency: string;
  merchant_reference: string | null;
  customer_name: string | null;
  is_open: boolean;
  required_approvals: number;
  approver_ids: string[];
}

/** The selected payouts as they are now, for the confirmation before a bulk decision. */
export async function listPayoutsForPreview(db: Db, ids: readonly string[], thresholds: ApprovalThresholds): Promise<PayoutPreviewRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('payments as p')
    .leftJoin('payout_decisions as d', 'd.payment_id', 'p.id')
    .select([
      'p.id',
      'p.amount_minor',
      'p.currency',
      'p.merchant_reference',
      'p.customer_name',
      sql<boolean>`(p.provider = 'kasha' AND p.direction = 'payout' AND p.status = 'PENDING' AND p.provider_status = 'PENDING'
                    AND (d.state IS NULL OR d.state = 'awaiting_approval'))`.as('is_open'),
      requiredApprovalsSql(thresholds).as('required_approvals'),
      sql<string[]>`coalesce((SELECT array_agg(a.user_id::text ORDER BY a.created_at) FROM payout_approvals a WHERE a.payment_id = p.id), '{}')`.as('approver_ids'),
    ])
    .where('p.id', 'in', ids)
    .execute();
  return rows.map((row) => ({ ...row, required_approvals: Number(row.required_approvals) }));
}

// ---- history --------------------------------------------------------------------------

export interface PayoutHistoryFilter {
  action?: 'APPROVE' | 'DECLINE' | undefined;
  state?: string | undefined;
  currency?: string | undefined;
  decidedBy?: string | undefined;
}

export interface PayoutHistoryRow {
  payment_id: string;
  state: string;
  decided_action: string | null;
  decline_reason: string | null;
  decided_at: Date;
  cursor_time: string;
  required_approvals: number;
  provider_answer: unknown;
  decided_by_name: string | null;
  decided_by_email: string | null;
  amount_minor: number;
  currency: string;
  country: string | null;
  method: string;
  customer_name: string | null;
  merchant_reference: string | null;
  payment_status: string;
  provider_status: string;
  outbox_state: string | null;
  outbox_error: string | null;
  approvals: Array<{ userId: string; name: string; at: string }>;
}

/** Decided payouts, newest decision first, keyset-paginated on (decided_at, payment_id). */
export async function listPayoutHistory(
  db: Db,
  filter: PayoutHistoryFilter,
  options: { limit: number; after?: { key: string; id: string } | undefined },
): Promise<PayoutHistoryRow[]> {
  let query = db
    .selectFrom('payout_decisions as d')
    .innerJoin('payments as p', 'p.id', 'd.payment_id')
    .leftJoin('staff_users as u', 'u.id', 'd.decided_by')
    .leftJoin('outbox as o', (join) => join.on(sql<SqlBool>`o.idempotency_key = 'payout:' || d.payment_id::text || ':decision'`))
    .select([
      'd.payment_id',
      'd.state',
      'd.decided_action',
      'd.decline_reason',
      sql<Date>`d.decided_at`.as('decided_at'),
      sql<string>`d.decided_at::text`.as('cursor_time'),
      'd.required_approvals',
      'd.provider_answer',
      'u.name as decided_by_name',
      'u.email as decided_by_email',
      'p.amount_minor',
      'p.currency',
      'p.country',
      'p.method',
      'p.customer_name',
      'p.merchant_reference',
      'p.status as payment_status',
      'p.provider_status',
      'o.state as outbox_state',
      'o.last_error as outbox_error',
      sql<PayoutHistoryRow['approvals']>`coalesce((
        SELECT json_agg(json_build_object('userId', a.user_id, 'name', au.name, 'at', a.created_at) ORDER BY a.created_at, a.user_id)
          FROM payout_approvals a JOIN staff_users au ON au.id = a.user_id
         WHERE a.payment_id = d.payment_id), '[]'::json)`.as('approvals'),
    ])
    .where('d.decided_at', 'is not', null);
  if (filter.action) query = query.where('d.decided_action', '=', filter.action);
  if (filter.state) query = query.where('d.state', '=', filter.state);
  if (filter.currency) query = query.where('p.currency', '=', filter.currency);
  if (filter.decidedBy) query = query.where('d.decided_by', '=', filter.decidedBy);
  if (options.after) {
    query = query.where(sql<SqlBool>`(d.decided_at, d.payment_id) < (${options.after.key}::timestamptz, ${options.after.id}::uuid)`);
  }
  return query.orderBy('d.decided_at', 'desc').orderBy('d.payment_id', 'desc').limit(options.limit).execute() as Promise<PayoutHistoryRow[]>;
}
