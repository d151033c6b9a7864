import { sql } from 'kysely';
import { periodExpression, windowConditions, type AnalyticsDb, type AnalyticsFilters, type Period, type RollupWindow } from './analytics-common.ts';

export interface FailureCodeRow {
  period: Period;
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
  const result = await sql<FailureCodeRow>`
    SELECT ${periodExpression(read.window)} AS period, provider, failure_category, failure_code,
           sum(payments)::bigint AS payments
      FROM payment_failure_code_rollup
     WHERE ${sql.join(windowConditions(read.window, read.filters, true), sql` AND `)}
     GROUP BY 1, 2, 3, 4
    HAVING sum(payments) <> 0
     ORDER BY 1, 2, 3, 4`.execute(db);
  return result.rows;
}

export interface DurationRow {
  period: Period;
  /** analytics_duration_bucket: 0 is under a second, k holds [2^((k-1)/4), 2^(k/4)) seconds. */
  duration_bucket: number;
  payments: number;
}

/** Completed payments per time-to-complete bucket, per period, from payment_duration_rollup. */
export async function readDurationHistogram(
  db: AnalyticsDb,
  read: { window: RollupWindow; filters: AnalyticsFilters },
): Promise<DurationRow[]> {
  const result = await sql<DurationRow>`
    SELECT ${periodExpression(read.window)} AS period, duration_bucket, sum(payments)::bigint AS payments
      FROM payment_duration_rollup
     WHERE ${sql.join(windowConditions(read.window, read.filters, true), sql` AND `)}
     GROUP BY 1, 2
    HAVING sum(payments) <> 0
     ORDER BY 1, 2`.execute(db);
  return result.rows;
}

export interface FunnelRow {
  provider: string;
  bank_id: string;
  /** Kashimi phase 1–7 (0 when not known); 0 for Klavi. */
  phase: number;
  /** Klavi's status, upper-cased; '' for Kashimi. */
  provider_status: string;
  status: string;
  failure_category: string;
  failure_code: string;
  payments: number;
}

/** Open-banking payments (Kashimi, Klavi) by bank, step reached and outcome, from payment_funnel_rollup. */
export async function readFunnelRows(
  db: AnalyticsDb,
  read: { window: RollupWindow; filters: AnalyticsFilters },
): Promise<FunnelRow[]> {
  const window = { ...read.window, previousFrom: undefined };
  const result = await sql<FunnelRow>`
    SELECT provider, bank_id, phase, provider_status, status, failure_category, failure_code,
           sum(payments)::bigint AS payments
      FROM payment_funnel_rollup
     WHERE ${sql.join(windowConditions(window, read.filters, true), sql` AND `)}
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(payments) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7`.execute(db);
  return result.rows;
}
