import { setImmediate } from 'node:timers/promises';
import { sql, type Insertable, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { countPendingAnalytics, drainPendingAnalytics } from '../queries/analytics-pending.ts';
import type {
  Database,
  PaymentEventsTable,
  PaymentsTable,
  PayoutApprovalsTable,
  PayoutDecisionsTable,
  RefundsTable,
} from '../schema/index.ts';
import {
  generatePayments,
  type GeneratedEventRow,
  type GeneratedPayment,
  type GeneratedPaymentRow,
  type GeneratedPayoutApprovalRow,
  type GeneratedPayoutDecisionRow,
  type GeneratedRefundRow,
  type GenerateOptions,
} from './generate.ts';

export interface LoadCounts {
  payments: number;
  events: number;
  payoutDecisions: number;
  payoutApprovals: number;
  refunds: number;
}

export interface LoadProgress extends LoadCounts {
  elapsedMs: number;
}

export interface LoadOptions {
  /** Payments per transaction; their events, decisions and refunds go in the same one. */
  batchSize?: number;
  onProgress?: (progress: LoadProgress) => void;
  /**
   * Commit without waiting for the WAL flush (PostgreSQL's synchronous_commit = off). For
   * bulk loads a crash loses at most the last batches, never consistency.
   */
  relaxedDurability?: boolean;
}

// Compile-time proof that generated rows are valid inserts for their tables.
const _rowsFit: [
  (row: GeneratedPaymentRow) => Insertable<PaymentsTable>,
  (row: GeneratedEventRow) => Insertable<PaymentEventsTable>,
  (row: GeneratedPayoutDecisionRow) => Insertable<PayoutDecisionsTable>,
  (row: GeneratedPayoutApprovalRow) => Insertable<PayoutApprovalsTable>,
  (row: GeneratedRefundRow) => Insertable<RefundsTable>,
] = [(row) => row, (row) => row, (row) => row, (row) => row, (row) => row];
void _rowsFit;

/**
 * One array parameter per column, zipped back into rows by ROWS FROM (unnest(...), ...):
 * a batch of thousands of rows is one short statement to parse and plan, and no batch
 * comes near PostgreSQL's limit of 65,535 bind parameters that a multi-row VALUES list
 * hits at ~1,700 payments. Each array travels as one literal built here, which costs a
 * fraction of the driver's per-element quoting; times travel as epoch milliseconds and
 * JSON columns as one JSON array per batch (a single JSON.stringify).
 */
interface Column<Row> {
  readonly name: string;
  readonly type: 'uuid' | 'text' | 'int8' | 'int2' | 'int4' | 'timestamptz' | 'text[]' | 'jsonb';
  readonly value: (row: Row) => unknown;
}

const time = (value: Date | null): number | null => (value === null ? null : value.getTime());

/** One element of an array literal: quoted, with quotes and backslashes escaped. */
function quoted(text: string): string {
  return text.includes('"') || text.includes('\\') ? `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"` : `"${text}"`;
}

/** A text[] literal for one row; it then travels as one quoted element of the column's array. */
const textArray = (values: readonly string[]): string => `{${values.map(quoted).join(',')}}`;

/** The PostgreSQL array literal of one column; numbers and uuids need no quoting. */
function arrayLiteral(values: readonly unknown[], isText: boolean): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    parts[i] = value === null || value === undefined ? 'NULL' : isText ? quoted(String(value)) : String(value);
  }
  return `{${parts.join(',')}}`;
}

const PAYMENT_COLUMNS: readonly Column<GeneratedPaymentRow>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'provider', type: 'text', value: (r) => r.provider },
  { name: 'direction', type: 'text', value: (r) => r.direction },
  { name: 'method', type: 'text', value: (r) => r.method },
  { name: 'provider_payment_id', type: 'text', value: (r) => r.provider_payment_id },
  { name: 'provider_reference', type: 'text', value: (r) => r.provider_reference },
  { name: 'merchant_reference', type: 'text', value: (r) => r.merchant_reference },
  { name: 'payment_reference', type: 'text', value: (r) => r.payment_reference },
  { name: 'amount_minor', type: 'int8', value: (r) => r.amount_minor },
  { name: 'currency', type: 'text', value: (r) => r.currency },
  { name: 'country', type: 'text', value: (r) => r.country },
  { name: 'bank_id', type: 'text', value: (r) => r.bank_id },
  { name: 'bank_name', type: 'text', value: (r) => r.bank_name },
  { name: 'customer_name', type: 'text', value: (r) => r.customer_name },
  { name: 'customer_name_search', type: 'text', value: (r) => r.customer_name_search },
  { name: 'customer_email', type: 'text', value: (r) => r.customer_email },
  { name: 'customer_phone', type: 'text', value: (r) => r.customer_phone },
  { name: 'customer_document', type: 'text', value: (r) => r.customer_document },
  { name: 'card_bin', type: 'text', value: (r) => r.card_bin },
  { name: 'card_last4', type: 'text', value: (r) => r.card_last4 },
  { name: 'merchant_user_id', type: 'text', value: (r) => r.merchant_user_id },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'provider_status', type: 'text', value: (r) => r.provider_status },
  { name: 'detailed_status', type: 'text', value: (r) => r.detailed_status },
  { name: 'phase', type: 'int2', value: (r) => r.phase },
  { name: 'failure_category', type: 'text', value: (r) => r.failure_category },
  { name: 'failure_codes', type: 'text[]', value: (r) => textArray(r.failure_codes) },
  { name: 'status_at', type: 'timestamptz', value: (r) => time(r.status_at) },
  { name: 'status_event_key', type: 'text', value: (r) => r.status_event_key },
  { name: 'created_at', type: 'timestamptz', value: (r) => time(r.created_at) },
  { name: 'updated_at', type: 'timestamptz', value: (r) => time(r.updated_at) },
  { name: 'completed_at', type: 'timestamptz', value: (r) => time(r.completed_at) },
  { name: 'next_check_at', type: 'timestamptz', value: (r) => time(r.next_check_at) },
  { name: 'last_checked_at', type: 'timestamptz', value: (r) => time(r.last_checked_at) },
  { name: 'check_attempts', type: 'int4', value: (r) => r.check_attempts },
  { name: 'metadata', type: 'jsonb', value: (r) => r.metadata },
];

const EVENT_COLUMNS: readonly Column<GeneratedEventRow>[] = [
  { name: 'payment_id', type: 'uuid', value: (r) => r.payment_id },
  { name: 'event_key', type: 'text', value: (r) => r.event_key },
  { name: 'source', type: 'text', value: (r) => r.source },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'provider_status', type: 'text', value: (r) => r.provider_status },
  { name: 'detailed_status', type: 'text', value: (r) => r.detailed_status },
  { name: 'phase', type: 'int2', value: (r) => r.phase },
  { name: 'failure_category', type: 'text', value: (r) => r.failure_category },
  { name: 'failure_codes', type: 'text[]', value: (r) => textArray(r.failure_codes) },
  { name: 'occurred_at', type: 'timestamptz', value: (r) => time(r.occurred_at) },
  { name: 'recorded_at', type: 'timestamptz', value: (r) => time(r.recorded_at) },
  { name: 'payload', type: 'jsonb', value: (r) => r.payload },
];

const DECISION_COLUMNS: readonly Column<GeneratedPayoutDecisionRow>[] = [
  { name: 'payment_id', type: 'uuid', value: (r) => r.payment_id },
  { name: 'state', type: 'text', value: (r) => r.state },
  { name: 'required_approvals', type: 'int2', value: (r) => r.required_approvals },
  { name: 'decided_action', type: 'text', value: (r) => r.decided_action },
  { name: 'decline_reason', type: 'text', value: (r) => r.decline_reason },
  { name: 'decided_at', type: 'timestamptz', value: (r) => time(r.decided_at) },
  { name: 'decided_by', type: 'uuid', value: (r) => r.decided_by },
  { name: 'provider_answer', type: 'jsonb', value: (r) => r.provider_answer },
  { name: 'created_at', type: 'timestamptz', value: (r) => time(r.created_at) },
  { name: 'updated_at', type: 'timestamptz', value: (r) => time(r.updated_at) },
];

const APPROVAL_COLUMNS: readonly Column<GeneratedPayoutApprovalRow>[] = [
  { name: 'payment_id', type: 'uuid', value: (r) => r.payment_id },
  { name: 'user_id', type: 'uuid', value: (r) => r.user_id },
  { name: 'created_at', type: 'timestamptz', value: (r) => time(r.created_at) },
];

const REFUND_COLUMNS: readonly Column<GeneratedRefundRow>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'payment_id', type: 'uuid', value: (r) => r.payment_id },
  { name: 'merchant_reference', type: 'text', value: (r) => r.merchant_reference },
  { name: 'amount_minor', type: 'int8', value: (r) => r.amount_minor },
  { name: 'currency', type: 'text', value: (r) => r.currency },
  { name: 'state', type: 'text', value: (r) => r.state },
  { name: 'reason', type: 'text', value: (r) => r.reason },
  { name: 'requested_by', type: 'uuid', value: (r) => r.requested_by },
  { name: 'requested_role', type: 'text', value: (r) => r.requested_role },
  { name: 'provider_answer', type: 'jsonb', value: (r) => r.provider_answer },
  { name: 'created_at', type: 'timestamptz', value: (r) => time(r.created_at) },
  { name: 'updated_at', type: 'timestamptz', value: (r) => time(r.updated_at) },
];

function unnestInsert<Row>(
  table: keyof Database,
  columns: readonly Column<Row>[],
  rows: readonly Row[],
): RawBuilder<unknown> {
  const sources = columns.map((column) => {
    const values = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = column.value(rows[i]!) ?? null;
    switch (column.type) {
      case 'jsonb':
        return sql`jsonb_array_elements(${JSON.stringify(values)}::jsonb)`;
      case 'timestamptz':
        return sql`unnest(${arrayLiteral(values, false)}::int8[])`;
      case 'text':
      case 'text[]':
        return sql`unnest(${arrayLiteral(values, true)}::text[])`;
      default:
        return sql`unnest(${arrayLiteral(values, false)}::${sql.raw(column.type)}[])`;
    }
  });
  const selected = columns.map((column) => {
    const ref = sql.ref(`u.${column.name}`);
    switch (column.type) {
      case 'text[]':
        return sql`${ref}::text[]`;
      case 'timestamptz':
        // Milliseconds since the epoch are exact in a double, and so is their microsecond rounding.
        return sql`to_timestamp(${ref} / 1000.0)`;
      case 'jsonb':
        // jsonb_array_elements yields a JSON null, not SQL NULL, for a missing document.
        return sql`nullif(${ref}, 'null'::jsonb)`;
      default:
        return ref;
    }
  });
  const names = sql.join(columns.map((column) => sql.ref(column.name)));
  return sql`
    INSERT INTO ${sql.table(table)} (${names})
    SELECT ${sql.join(selected)}
      FROM ROWS FROM (${sql.join(sources)}) AS u(${names})`;
}

async function insertBatch(trx: Transaction<Database>, batch: readonly GeneratedPayment[]): Promise<LoadCounts> {
  const events = batch.flatMap((item) => item.events);
  const decisions = batch.flatMap((item) => (item.payoutDecision ? [item.payoutDecision] : []));
  const approvals = batch.flatMap((item) => item.payoutApprovals);
  const refunds = batch.flatMap((item) => (item.refund ? [item.refund] : []));
  // Parents before children: events, decisions and refunds reference their payment.
  await unnestInsert(
    'payments',
    PAYMENT_COLUMNS,
    batch.map((item) => item.payment),
  ).execute(trx);
  if (events.length > 0) await unnestInsert('payment_events', EVENT_COLUMNS, events).execute(trx);
  if (decisions.length > 0) await unnestInsert('payout_decisions', DECISION_COLUMNS, decisions).execute(trx);
  if (approvals.length > 0) await unnestInsert('payout_approvals', APPROVAL_COLUMNS, approvals).execute(trx);
  if (refunds.length > 0) await unnestInsert('refunds', REFUND_COLUMNS, refunds).execute(trx);
  return {
    payments: batch.length,
    events: events.length,
    payoutDecisions: decisions.length,
    payoutApprovals: approvals.length,
    refunds: refunds.length,
  };
}

/**
 * Inserts generated payments in batches, one transaction per batch. The next batch is
 * generated while the database writes the previous one, so on a server both run at once.
 */
export async function loadGenerated(
  db: Kysely<Database>,
  source: Iterable<GeneratedPayment>,
  options: LoadOptions = {},
): Promise<LoadCounts> {
  const batchSize = options.batchSize ?? 2000;
  const started = performance.now();
  const totals: LoadCounts = { payments: 0, events: 0, payoutDecisions: 0, payoutApprovals: 0, refunds: 0 };
  let inFlight: Promise<void> | undefined;
  const write = async (batch: GeneratedPayment[]): Promise<void> => {
    const counts = await db.transaction().execute(async (trx) => {
      if (options.relaxedDurability) await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      return insertBatch(trx, batch);
    });
    totals.payments += counts.payments;
    totals.events += counts.events;
    totals.payoutDecisions += counts.payoutDecisions;
    totals.payoutApprovals += counts.payoutApprovals;
    totals.refunds += counts.refunds;
    options.onProgress?.({ ...totals, elapsedMs: performance.now() - started });
  };
  let batch: GeneratedPayment[] = [];
  try {
    for (const item of source) {
      batch.push(item);
      // Generating is synchronous: step aside now and then so the driver can send the
      // in-flight batch's next statement (and other loaders can run) meanwhile.
      if (batch.length % 200 === 0) await setImmediate();
      if (batch.length < batchSize) continue;
      await inFlight;
      inFlight = write(batch);
      batch = [];
    }
  } catch (error) {
    // The source failed while a batch was being written: let that write settle first.
    await inFlight?.catch(() => undefined);
    throw error;
  }
  await inFlight;
  if (batch.length > 0) await write(batch);
  return totals;
}

export interface RollupProgress {
  /** Queued analytics deltas applied so far. */
  applied: number;
  /** Deltas queued when the drain began (at least `applied`). */
  total: number;
  elapsedMs: number;
}

/** Deltas per transaction when a loader applies the queue: big batches share rollup rows. */
const LOAD_DRAIN_BATCH = 50_000;

/**
 * Loading inserts payments in bulk, and each insert only queues its analytics deltas. This
 * applies the whole queue once at the end, in batches far larger than the worker's, so
 * the rollups are complete before the app serves the data and the many payments of one
 * hour or week cost one rollup row update per batch instead of one per load transaction.
 */
export async function applyLoadedAnalytics(
  db: Kysely<Database>,
  onProgress?: (progress: RollupProgress) => void,
): Promise<number> {
  const started = performance.now();
  // Counting costs a scan of the queue; only pay it when someone shows progress.
  const total = onProgress ? await countPendingAnalytics(db) : 0;
  // Said before the first batch too: at a million payments a batch takes a while.
  onProgress?.({ applied: 0, total, elapsedMs: performance.now() - started });
  return drainPendingAnalytics(db, {
    batchSize: LOAD_DRAIN_BATCH,
    wait: true,
    onBatch: (applied) =>
      onProgress?.({ applied, total: Math.max(total, applied), elapsedMs: performance.now() - started }),
  });
}

/** True when the database already holds payments, demo or real: never seed on top of them. */
export async function isDemoDataLoaded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('payments').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface DemoDataOptions {
  now: Date;
  count?: number;
  days?: number;
  seed?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** Told after each batch of analytics deltas applied once the payments are in. */
  onRollupProgress?: (progress: RollupProgress) => void;
  refundRequestedBy?: GenerateOptions['refundRequestedBy'];
  refundRequestedRole?: GenerateOptions['refundRequestedRole'];
  payoutApproverIds?: GenerateOptions['payoutApproverIds'];
}

export const DEMO_DEFAULTS = { count: 20_000, days: 180, seed: 20261121 } as const;

/**
 * Loads the demo data set unless the database already has payments. Returns what was
 * inserted (all zeros and `skipped` when it did nothing).
 */
export async function loadDemoData(
  db: Kysely<Database>,
  options: DemoDataOptions,
): Promise<LoadCounts & { skipped: boolean }> {
  if (await isDemoDataLoaded(db)) {
    return { payments: 0, events: 0, payoutDecisions: 0, payoutApprovals: 0, refunds: 0, skipped: true };
  }
  const source = generatePayments({
    seed: options.seed ?? DEMO_DEFAULTS.seed,
    count: options.count ?? DEMO_DEFAULTS.count,
    days: options.days ?? DEMO_DEFAULTS.days,
    now: options.now,
    refundRequestedBy: options.refundRequestedBy,
    refundRequestedRole: options.refundRequestedRole,
    payoutApproverIds: options.payoutApproverIds,
  });
  const counts = await loadGenerated(db, source, { batchSize: 2000, onProgress: options.onProgress });
  await applyLoadedAnalytics(db, options.onRollupProgress);
  // Fresh statistics, or the planner treats the new tables as empty until autovacuum runs
  // (payment_status_rollup: the overview's counts read it, as the hourly rollup once was).
  await sql`ANALYZE payments, payment_events, payout_decisions, payout_approvals, refunds, payment_status_rollup`.execute(db);
  return { ...counts, skipped: false };
}
