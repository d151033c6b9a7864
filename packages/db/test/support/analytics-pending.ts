import fc from 'fast-check';
import { sql, type Insertable, type Kysely } from 'kysely';
import { expect } from 'vitest';
import { applyPendingAnalytics, drainPendingAnalytics } from '../../src/queries/index.ts';
import type { Database, PaymentsTable } from '../../src/schema/index.ts';

// Payments statements only queue signed copies of the counted columns (analytics_pending);
// analytics_apply_pending() folds them into the four rollups. These tests hold that queue
// to what the rollups promised before it existed: whatever order and batching the deltas
// are applied in, by however many appliers at once, the rollups end up exactly what a
// rebuild from the payments themselves gives, and writes that change nothing counted cost
// nothing.

export const ROLLUPS = {
  payment_status_rollup: 'payments <> 0 OR amount_minor <> 0',
  payment_failure_code_rollup: 'payments <> 0',
  payment_duration_rollup: 'payments <> 0',
  payment_funnel_rollup: 'payments <> 0',
} as const;

export type Db = Kysely<Database>;

export async function queued(db: Db): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::integer AS n FROM analytics_pending`.execute(db);
  return result.rows[0]!.n;
}

/** Every non-zero row of every rollup, as text, in a fixed order. */
export async function rollupRows(db: Db): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const [table, isCounted] of Object.entries(ROLLUPS)) {
    const result = await sql<{ row: string }>`
      SELECT t::text AS row FROM ${sql.table(table)} t WHERE ${sql.raw(isCounted)} ORDER BY 1`.execute(db);
    rows[table] = result.rows.map((r) => r.row);
  }
  return rows;
}

/**
 * The rollups rebuilt from scratch: emptied, then every payment queued once as +1 and
 * applied in one go. Compared with rows reached through a history of -1/+1 deltas.
 */
export async function rebuiltRollupRows(db: Db): Promise<Record<string, string[]>> {
  for (const table of Object.keys(ROLLUPS)) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
  await sql`
    INSERT INTO analytics_pending (sign, created_at, completed_at, provider, direction, method, country, currency, bank_id,
                                   status, failure_category, failure_codes, amount_minor, phase, provider_status)
    SELECT 1, created_at, completed_at, provider, direction, method, country, currency, bank_id,
           status, failure_category, failure_codes, amount_minor, phase, provider_status
      FROM payments`.execute(db);
  await applyPendingAnalytics(db, { maxRows: 1_000_000, wait: true });
  return rollupRows(db);
}

/**
 * Checks written apart from the migration's SQL: the all-dimensions hour rows of the status
 * rollup and the day rows of its all-statuses set (from 2026-11-21T1700) against GROUP BYs
 * over payments, and every grain and grouping set of it summing to the number of payments.
 */
export async function expectStatusRollupMatchesPayments(db: Db, schema: { hasAllStatusesSet: boolean } = { hasAllStatusesSet: true }): Promise<void> {
  const mismatches = await sql<{ n: number }>`
    WITH naive AS (
      SELECT date_trunc('hour', created_at, 'UTC') AS bucket, provider, direction, method, coalesce(country, '') AS country,
             currency::text AS currency, coalesce(bank_id, '') AS bank_id, status, coalesce(failure_category, '') AS failure_category,
             count(*)::bigint AS payments, sum(amount_minor)::bigint AS amount_minor
        FROM payments GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
    rollup AS (
      SELECT bucket, provider, direction, method, country, currency, bank_id, status, failure_category, payments, amount_minor
        FROM payment_status_rollup WHERE grain = 'h' AND dims_set = 127 AND (payments <> 0 OR amount_minor <> 0))
    SELECT count(*)::integer AS n
      FROM ((SELECT * FROM naive EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM naive)) AS diff`.execute(
    db,
  );
  expect(mismatches.rows[0]!.n, 'hour rows, all dimensions').toBe(0);
  // Set 163 sums the statuses: payments per provider, direction and bank, whatever became of them.
  const allStatusesMismatches = await sql<{ n: number }>`
    WITH naive AS (
      SELECT date_trunc('day', created_at, (SELECT time_zone FROM analytics_settings)) AS bucket, provider, direction,
             coalesce(bank_id, '') AS bank_id, count(*)::bigint AS payments, sum(amount_minor)::bigint AS amount_minor
        FROM payments GROUP BY 1, 2, 3, 4),
    rollup AS (
      SELECT bucket, provider, direction, bank_id, payments, amount_minor
        FROM payment_status_rollup
       WHERE grain = 'd' AND dims_set = 163 AND (payments <> 0 OR amount_minor <> 0)
         AND method = '' AND country = '' AND currency = '' AND status = '' AND failure_category = '')
    SELECT count(*)::integer AS n
      FROM ((SELECT * FROM naive EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM naive)) AS diff`.execute(
    db,
  );
  if (schema.hasAllStatusesSet) expect(allStatusesMismatches.rows[0]!.n, 'day rows of set 163, statuses summed').toBe(0);
  const totals = await sql<{ grain: string; dims_set: number; payments: number }>`
    SELECT grain, dims_set, sum(payments)::integer AS payments FROM payment_status_rollup GROUP BY 1, 2 HAVING sum(payments) <> 0`.execute(
    db,
  );
  const count = await sql<{ n: number }>`SELECT count(*)::integer AS n FROM payments`.execute(db);
  for (const row of totals.rows) expect(row.payments, `grain ${row.grain}, set ${row.dims_set}`).toBe(count.rows[0]!.n);
  if (count.rows[0]!.n > 0) expect(totals.rows).toHaveLength(3 * (schema.hasAllStatusesSet ? 8 : 7));
}

// ---------------------------------------------------------------------------
// Payments

export const now = new Date('2026-11-20T12:00:00Z');
let reference = 0;
/** The provider payment id suffix of the payment made last. */
export const lastReference = () => reference;

export interface PaymentState {
  status: 'PENDING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN' | 'REFUNDED';
  providerStatus: string;
  phase: number | null;
  category: string | null;
  codes: string[];
  minutesToComplete: number;
}

export interface PaymentSpec {
  provider: 'kashimi' | 'klavi' | 'kasha';
  direction: 'payin' | 'payout';
  method: string;
  country: string | null;
  currency: string;
  bank: string | null;
  amount: number;
  hoursAgo: number;
  state: PaymentState;
}

export const stateArbitrary: fc.Arbitrary<PaymentState> = fc.record({
  status: fc.constantFrom('PENDING', 'COMPLETED', 'FAILED', 'UNKNOWN', 'REFUNDED'),
  providerStatus: fc.constantFrom('STARTED', 'consent_rejected', 'PAYMENT_COMPLETED', 'FAILED'),
  phase: fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
  category: fc.option(fc.constantFrom('insufficient_funds', 'issuer_decline', 'uncertain'), { nil: null }),
  // Repeats happen: a code twice in one payment still counts once.
  codes: fc.array(fc.constantFrom('A1', 'B2', 'C3'), { maxLength: 3 }),
  minutesToComplete: fc.integer({ min: 0, max: 5000 }),
});

export const paymentArbitrary: fc.Arbitrary<PaymentSpec> = fc.record({
  provider: fc.constantFrom('kashimi', 'klavi', 'kasha'),
  direction: fc.constantFrom('payin', 'payout'),
  method: fc.constantFrom('open_banking', 'pix', 'card'),
  country: fc.option(fc.constantFrom('ES', 'BR', 'DE'), { nil: null }),
  currency: fc.constantFrom('EUR', 'BRL', 'JPY'),
  bank: fc.option(fc.constantFrom('es-caixa', 'br-itau'), { nil: null }),
  amount: fc.integer({ min: 0, max: 100_000 }),
  // Twenty days: hours, days and weeks of both zones used below, and their edges.
  hoursAgo: fc.integer({ min: 0, max: 24 * 20 }),
  state: stateArbitrary,
});

export function stateColumns(state: PaymentState, createdAt: Date) {
  const isCompleted = state.status === 'COMPLETED' || state.status === 'REFUNDED';
  return {
    status: state.status,
    provider_status: state.providerStatus,
    phase: state.phase,
    failure_category: state.category,
    failure_codes: state.codes,
    completed_at: isCompleted ? new Date(createdAt.getTime() + state.minutesToComplete * 60_000) : null,
  };
}

export function paymentRow(spec: PaymentSpec): Insertable<PaymentsTable> {
  reference += 1;
  // Minutes and seconds off the hour, so some payments sit at an hour's very edge.
  const createdAt = new Date(now.getTime() - spec.hoursAgo * 3_600_000 - (reference % 7) * 599_000);
  return {
    provider: spec.provider,
    direction: spec.direction,
    method: spec.method,
    provider_payment_id: `pending-${reference}`,
    amount_minor: spec.amount,
    currency: spec.currency,
    country: spec.country,
    bank_id: spec.bank,
    status_at: createdAt,
    created_at: createdAt,
    updated_at: createdAt,
    next_check_at: createdAt,
    ...stateColumns(spec.state, createdAt),
  };
}

export async function insertPayments(db: Db, specs: readonly PaymentSpec[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const rows = await db.insertInto('payments').values(specs.map(paymentRow)).returning('id').execute();
  return rows.map((row) => row.id);
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Some payments, picked by position in a fixed order. */
export const targets = (offset: number, count: number) =>
  sql`(SELECT id FROM payments ORDER BY provider_payment_id OFFSET ${offset} LIMIT ${count})`;

/** What the status poller and ingestion change beside the counted columns. */
export async function touchWithoutCountedChange(db: Db, where: ReturnType<typeof targets>): Promise<void> {
  await sql`
    UPDATE payments SET next_check_at = next_check_at + interval '1 minute', check_attempts = check_attempts + 1,
           last_checked_at = ${now}, updated_at = ${now}, status_at = ${now}, detailed_status = 'SEEN',
           metadata = jsonb_build_object('attempt', check_attempts), status = status, failure_codes = failure_codes
     WHERE id IN ${where}`.execute(db);
}

export async function removeEveryPayment(db: Db): Promise<void> {
  await sql`DELETE FROM payment_events`.execute(db);
  await sql`DELETE FROM payments`.execute(db);
  await drainPendingAnalytics(db, { batchSize: 10_000, wait: true });
}

// ---------------------------------------------------------------------------
