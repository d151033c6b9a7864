import { sql } from 'kysely';
import {
  bucketExpression,
  periodExpression,
  SPLIT_COLUMNS,
  windowConditions,
  type AnalyticsDb,
  type AnalyticsFilters,
  type Period,
  type RollupWindow,
  type SeriesBucket,
  type SplitDimension,
} from './analytics-common.ts';

/** Columns of the status rollup a read may group by. */
export type StatusRollupColumn = 'status' | 'currency' | 'provider' | 'failure_category' | 'failure_code';

export interface StatusRollupRow {
  period: Period;
  /** Start of the time bucket; null when the read sums the whole window. */
  bucket: Date | null;
  /** Value of the split dimension ('' when none was asked for or the payment has none). */
  split: string;
  status: string;
  currency: string;
  provider: string;
  failure_category: string;
  failure_code: string;
  payments: number;
  amount_minor: number;
}

export interface StatusRollupRead {
  window: RollupWindow;
  filters: AnalyticsFilters;
  timeZone: string;
  bucket: SeriesBucket;
  split?: SplitDimension | undefined;
  /** The columns to keep apart; the others are summed over and come back as ''. */
  by: readonly StatusRollupColumn[];
  /** Only payments whose current status is FAILED. */
  isFailedOnly?: boolean;
}

/**
 * Payments by creation bucket and current state, read from the status rollup of the
 * window's grain (payment_rollup_hourly or payment_rollup_daily): a range scan on the
 * bucket, never a scan of payments.
 */
export async function readStatusRollup(db: AnalyticsDb, read: StatusRollupRead): Promise<StatusRollupRow[]> {
  const table = read.window.grain === 'hour' ? 'payment_rollup_hourly' : 'payment_rollup_daily';
  const conditions = windowConditions(read.window, read.filters, false);
  if (read.isFailedOnly) conditions.push(sql`status = 'FAILED'`);
  const column = (name: StatusRollupColumn) => (read.by.includes(name) ? sql.ref(name) : sql`''`);
  const split = read.split ? sql.ref(SPLIT_COLUMNS[read.split]) : sql`''`;
  const result = await sql<StatusRollupRow>`
    SELECT ${periodExpression(read.window)} AS period,
           ${bucketExpression(read.window, read.bucket, read.timeZone)} AS bucket,
           ${split} AS split,
           ${column('status')} AS status,
           ${column('currency')} AS currency,
           ${column('provider')} AS provider,
           ${column('failure_category')} AS failure_category,
           ${column('failure_code')} AS failure_code,
           sum(payments)::bigint AS payments,
           sum(amount_minor)::bigint AS amount_minor
      FROM ${sql.table(table)}
     WHERE ${sql.join(conditions, sql` AND `)}
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    HAVING sum(payments) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
  return result.rows;
}
