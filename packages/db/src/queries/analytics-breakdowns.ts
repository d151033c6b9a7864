import { sql } from 'kysely';
import {
  chooseDimsSet,
  DURATION_DIMS_SETS,
  SUM_OF_PAYMENTS,
  neededDimensions,
  isCurrentExpression,
  windowConditions,
  type AnalyticsDb,
  type AnalyticsFilters,
  type RollupWindow,
} from './analytics-common.ts';

export interface FailureCodeRow {
  /** Whether the row's bucket is in the current period, not the one before (periodOf). */
  is_current: boolean;
  provider: string;
  failure_category: string;
  /** '' for failed payments that carried no code. */
  failure_code: string;
  /** Failed payments that carried this code (a payment with two codes counts once under each). */
  payments: number;
}

/** Failed payments per raw code, per period, from payment_failure_code_rollup. */
export async function readFailureCodeTotals(
  db: AnalyticsDb,
  read: { window: RollupWindow; filters: AnalyticsFilters },
): Promise<FailureCodeRow[]> {
  const dimsSet = chooseDimsSet(neededDimensions(read.filters), [3, 63]);
  const result = await sql<FailureCodeRow>`
    SELECT ${isCurrentExpression(read.window)} AS is_current, provider, failure_category, failure_code,
           ${SUM_OF_PAYMENTS} AS payments
      FROM payment_failure_code_rollup
     WHERE ${sql.join(windowConditions(read.window, read.filters, dimsSet), sql` AND `)}
     GROUP BY 1, 2, 3, 4
    HAVING ${SUM_OF_PAYMENTS} <> 0`.execute(db);
  return result.rows;
}

export interface DurationRow {
  /** Whether the row's bucket is in the current period, not the one before (periodOf). */
  is_current: boolean;
  /** analytics_duration_bucket: 0 is under a second, k holds [2^((k-1)/4), 2^(k/4)) seconds. */
  duration_bucket: number;
  payments: number;
}

/** Completed payments per time-to-complete bucket, per period, from payment_duration_rollup. */
export async function readDurationHistogram(
  db: AnalyticsDb,
  read: { window: RollupWindow; filters: AnalyticsFilters },
): Promise<DurationRow[]> {
  const dimsSet = chooseDimsSet(neededDimensions(read.filters), DURATION_DIMS_SETS);
  const result = await sql<DurationRow>`
    SELECT ${isCurrentExpression(read.window)} AS is_current, duration_bucket, ${SUM_OF_PAYMENTS} AS payments
      FROM payment_duration_rollup
     WHERE ${sql.join(windowConditions(read.window, read.filters, dimsSet), sql` AND `)}
     GROUP BY 1, 2
    HAVING ${SUM_OF_PAYMENTS} <> 0`.execute(db);
  return result.rows;
}

export interface FunnelRow {
  provider: string;
  /** '' when the read was not per bank, or the payment has no bank. */
  bank_id: string;
  /** Kashimi phase 1–7 (0 when not known); 0 for Klavi. */
  phase: number;
  /** Klavi's status, upper-cased; '' for Kashimi. */
  provider_status: string;
  status: string;
  /** '' when the read was per bank (reasons are not kept there). */
  failure_category: string;
  failure_code: string;
  payments: number;
}

interface FunnelRead {
  window: RollupWindow;
  filters: AnalyticsFilters;
  isPerBank: boolean;
}

/**
 * Open-banking payments (Kashimi, Klavi) by step reached and outcome, from
 * payment_funnel_rollup: with the first failure reason, or per bank without reasons.
 *
 * The per-bank read is the heaviest of the analytics (about 10,000 rows summed for 90 days
 * at 1M payments, most of it hashing). Its weeks and its other segments are summed apart,
 * side by side on two connections, and added up here: a manager waits for the larger half,
 * not for both. Inside a transaction the halves simply run one after the other.
 */
export async function readFunnelRows(db: AnalyticsDb, read: FunnelRead): Promise<FunnelRow[]> {
  const weeks = read.window.segments.filter((segment) => segment.grain === 'w');
  const rest = read.window.segments.filter((segment) => segment.grain !== 'w');
  if (!read.isPerBank || weeks.length === 0 || rest.length === 0) return readFunnelWindow(db, read);
  const halves = await Promise.all(
    [weeks, rest].map((segments) => readFunnelWindow(db, { ...read, window: { ...read.window, segments } })),
  );
  return addFunnelRows(halves.flat());
}

/** Rows of the same key added together (the halves of one read). */
function addFunnelRows(rows: readonly FunnelRow[]): FunnelRow[] {
  const byKey = new Map<string, FunnelRow>();
  for (const row of rows) {
    const key = `${row.provider}\u0000${row.bank_id}\u0000${row.phase}\u0000${row.provider_status}\u0000${row.status}\u0000${row.failure_category}\u0000${row.failure_code}`;
    const seen = byKey.get(key);
    if (seen) seen.payments += row.payments;
    else byKey.set(key, { ...row });
  }
  return [...byKey.values()].filter((row) => row.payments !== 0);
}

async function readFunnelWindow(db: AnalyticsDb, read: FunnelRead): Promise<FunnelRow[]> {
  // 67: provider+direction with reasons; 35: provider+direction+bank; 127: everything.
  const needed = neededDimensions(read.filters, read.isPerBank ? ['bank'] : []);
  const dimsSet = chooseDimsSet(needed, read.isPerBank ? [35, 127] : [67, 127]);
  // The constants stay out of the GROUP BY: it would hash them on every row.
  const reasons = read.isPerBank ? sql`'' AS failure_category, '' AS failure_code` : sql`failure_category, failure_code`;
  const bank = read.isPerBank ? sql`bank_id` : sql`''`;
  const result = await sql<FunnelRow>`
    SELECT provider, ${bank} AS bank_id, phase, provider_status, status, ${reasons},
           ${SUM_OF_PAYMENTS} AS payments
      FROM payment_funnel_rollup
     WHERE ${sql.join(windowConditions(read.window, read.filters, dimsSet), sql` AND `)}
     GROUP BY provider, phase, provider_status, status, ${read.isPerBank ? sql`bank_id` : sql`failure_category, failure_code`}
    HAVING ${SUM_OF_PAYMENTS} <> 0`.execute(db);
  return result.rows;
}
